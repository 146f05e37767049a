package dev.ferry.agent;

import com.sun.net.httpserver.HttpExchange;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

/**
 * Cuts an exchange's TCP connection from another thread. The JDK server writes responses with
 * blocking writes, so a worker streaming to a client that stopped reading stays blocked until the
 * socket is closed; {@link HttpExchange#close()} would block the same way. The socket is reached
 * through the server's internals, which needs {@code --add-opens
 * jdk.httpserver/sun.net.httpserver=ALL-UNNAMED} (set in the jar's manifest and the tests'
 * argLine); without it the cut falls back to closing the exchange on a separate thread.
 */
final class ExchangeSockets {
  private ExchangeSockets() {}

  static void cut(HttpExchange exchange) {
    try {
      Field impl = exchange.getClass().getDeclaredField("impl");
      impl.setAccessible(true);
      Object exchangeImpl = impl.get(exchange);
      Method connection = exchangeImpl.getClass().getDeclaredMethod("getConnection");
      connection.setAccessible(true);
      Object conn = connection.invoke(exchangeImpl);
      Method channel = conn.getClass().getDeclaredMethod("getChannel");
      channel.setAccessible(true);
      ((SocketChannel) channel.invoke(conn)).close();
    } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
      Thread.ofVirtual().start(exchange::close); // may block on the stalled write, not us
    }
  }
}
