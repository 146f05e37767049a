package dev.ferry.worker.fort;

import dev.ferry.agent.RecordingServiceManager;
import dev.ferry.agent.ServiceManager;
import java.io.IOException;
import java.util.List;

/**
 * The beacon's service manager: {@code nginx.service reload} runs {@code nginx -s reload};
 * everything is recorded.
 */
final class NginxServiceManager implements ServiceManager {

  private final NginxProcess nginx;
  private final RecordingServiceManager recorder;

  NginxServiceManager(NginxProcess nginx, RecordingServiceManager recorder) {
    this.nginx = nginx;
    this.recorder = recorder;
  }

  @Override
  public void signal(String unit, String action) throws IOException {
    recorder.signal(unit, action);
    if (unit.equals("nginx.service")) {
      nginx.reload();
    }
  }

  @Override
  public List<String> journal(JournalQuery query) throws IOException {
    return recorder.journal(query);
  }

  @Override
  public Follow follow(JournalQuery query) throws IOException {
    return recorder.follow(query);
  }

  @Override
  public UnitState unitState(String unit) throws IOException {
    return recorder.unitState(unit);
  }

  @Override
  public List<String> failedUnits() throws IOException {
    return recorder.failedUnits();
  }
}
