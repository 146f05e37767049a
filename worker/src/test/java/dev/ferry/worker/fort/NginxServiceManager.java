package dev.ferry.worker.fort;

import dev.ferry.agent.RecordingServiceManager;
import dev.ferry.agent.ServiceManager;
import java.io.IOException;
import java.time.Duration;
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
  public List<String> journal(String unit, int lines) throws IOException {
    return recorder.journal(unit, lines);
  }

  @Override
  public void follow(String unit, int lines, Duration max, LineSink sink) throws IOException {
    recorder.follow(unit, lines, max, sink);
  }

  @Override
  public List<String> failedUnits() throws IOException {
    return recorder.failedUnits();
  }
}
