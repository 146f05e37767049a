package dev.ferry.api.workflow;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts a run together with the submission it reads, where one run per id may run at a time. The
 * submission is stored in a transaction that commits only if this start made the run; when the
 * start joins a running run it is rolled back, so a running run's input never changes under it.
 *
 * <p>The start and the storing overlap: the start goes out on its own thread while the request's
 * thread writes, so a request waits for the longer of the two, not their sum. What makes that safe
 * is {@link Prepared}: it runs first in the transaction and locks what the run reads (the run's
 * first read waits for the commit, e.g. {@code ForwardDeploymentRepository.findCommitted}). A run
 * whose submission is then not stored (a write or the commit failed) is terminated, since it would
 * otherwise wait for that submission.
 */
@Component
public class StoredStart implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(StoredStart.class);

  /** What the start and the writes need, decided once the run's input is locked. */
  public record Prepared(Supplier<WorkflowExecution> start, Runnable store) {}

  /** The run this request made, or the one already running that it joined. */
  public record Outcome(WorkflowExecution execution, boolean alreadyRunning) {}

  private final TransactionTemplate transactions;
  private final WorkflowClient client;
  private final ExecutorService starts = Executors.newVirtualThreadPerTaskExecutor();

  public StoredStart(TransactionTemplate transactions, WorkflowClient client) {
    this.transactions = transactions;
    this.client = client;
  }

  /**
   * {@code prepare} runs first in the transaction: it reads and locks the run's input (and may
   * refuse the request) and returns the start and the writes.
   */
  public Outcome start(Supplier<Prepared> prepare) {
    AtomicReference<CompletableFuture<WorkflowExecution>> made = new AtomicReference<>();
    try {
      return transactions.execute(
          tx -> {
            Prepared prepared = prepare.get();
            CompletableFuture<WorkflowExecution> run =
                CompletableFuture.supplyAsync(prepared.start(), starts);
            made.set(run);
            prepared.store().run();
            try {
              return new Outcome(join(run), false);
            } catch (WorkflowExecutionAlreadyStarted e) {
              made.set(null); // not ours to end
              tx.setRollbackOnly();
              return new Outcome(e.getExecution(), true);
            }
          });
    } catch (RuntimeException e) {
      abandon(made.get(), e);
      throw e;
    }
  }

  /** The submission was not stored: a run this request made must not wait for it for ever. */
  private void abandon(CompletableFuture<WorkflowExecution> run, RuntimeException cause) {
    if (run == null) {
      return;
    }
    WorkflowExecution execution;
    try {
      execution = join(run);
    } catch (RuntimeException noRun) {
      return; // the start failed too, or joined a running run
    }
    try {
      client
          .newUntypedWorkflowStub(
              execution.getWorkflowId(), Optional.of(execution.getRunId()), Optional.empty())
          .terminate("its submission was not stored: " + cause.getClass().getSimpleName());
    } catch (RuntimeException e) {
      log.warn(
          "run {} of {} started but its submission was not stored, and terminating it failed",
          execution.getRunId(),
          execution.getWorkflowId(),
          e);
      cause.addSuppressed(e);
    }
  }

  private static WorkflowExecution join(CompletableFuture<WorkflowExecution> run) {
    try {
      return run.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void destroy() {
    starts.close();
  }
}
