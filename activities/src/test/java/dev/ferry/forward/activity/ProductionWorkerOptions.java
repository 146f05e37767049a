package dev.ferry.forward.activity;

import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.Yaml;

/**
 * The worker options of the production worker's {@code ferry} task queue, read from {@code
 * worker/src/main/resources/application.yml} ({@code spring.temporal.workers}), so the rig's worker
 * runs as the real one does and the benchmark's figure holds for it.
 */
final class ProductionWorkerOptions {

  private static final Path CONFIG =
      Path.of("worker", "src", "main", "resources", "application.yml");

  private ProductionWorkerOptions() {}

  static WorkerOptions read() {
    Map<String, Object> worker = ferryWorker(load());
    Map<String, Object> capacity = section(worker, "capacity");
    Map<String, Object> threads = section(worker, "virtual-threads");
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    set(
        capacity,
        "max-concurrent-activity-executors",
        Integer.class,
        options::setMaxConcurrentActivityExecutionSize);
    set(
        capacity,
        "max-concurrent-workflow-task-executors",
        Integer.class,
        options::setMaxConcurrentWorkflowTaskExecutionSize);
    set(
        capacity,
        "max-concurrent-local-activity-executors",
        Integer.class,
        options::setMaxConcurrentLocalActivityExecutionSize);
    set(
        capacity,
        "max-concurrent-workflow-task-pollers",
        Integer.class,
        options::setMaxConcurrentWorkflowTaskPollers);
    set(
        capacity,
        "max-concurrent-activity-task-pollers",
        Integer.class,
        options::setMaxConcurrentActivityTaskPollers);
    // as the Spring Boot starter maps them: the general switch, then each worker's own
    set(threads, "using-virtual-threads", Boolean.class, options::setUsingVirtualThreads);
    set(
        threads,
        "using-virtual-threads-on-workflow-worker",
        Boolean.class,
        options::setUsingVirtualThreadsOnWorkflowWorker);
    set(
        threads,
        "using-virtual-threads-on-activity-worker",
        Boolean.class,
        options::setUsingVirtualThreadsOnActivityWorker);
    set(
        threads,
        "using-virtual-threads-on-local-activity-worker",
        Boolean.class,
        options::setUsingVirtualThreadsOnLocalActivityWorker);
    return options.build();
  }

  /** Applies a setting the file gives; the SDK's default stands for one it leaves out. */
  private static <T> void set(
      Map<String, Object> section, String key, Class<T> type, Consumer<T> setter) {
    Object value = section.get(key);
    if (type.isInstance(value)) {
      setter.accept(type.cast(value));
    } else if (value != null) {
      throw new IllegalStateException(key + " in " + CONFIG + " is not a " + type.getSimpleName());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ferryWorker(Map<String, Object> config) {
    Map<String, Object> temporal = section(section(config, "spring"), "temporal");
    for (Object worker : (List<Object>) temporal.getOrDefault("workers", List.of())) {
      Map<String, Object> w = (Map<String, Object>) worker;
      if ("ferry".equals(w.get("task-queue"))) {
        return w;
      }
    }
    throw new IllegalStateException("no worker for the ferry task queue in " + CONFIG);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> map, String key) {
    return map.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** From the repository root (the benchmark) or a module directory (Maven's tests). */
  private static Map<String, Object> load() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(CONFIG);
      if (Files.isRegularFile(file)) {
        try (Reader reader = Files.newBufferedReader(file)) {
          return new Yaml().load(reader);
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + file, e);
        }
      }
    }
    throw new IllegalStateException("no " + CONFIG + " above " + here);
  }
}
