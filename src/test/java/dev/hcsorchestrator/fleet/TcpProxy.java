package dev.hcsorchestrator.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between one service and its database: {@link #cut} drops every connection
 * and refuses new ones (the host loses the network to the database, not its workloads), {@link
 * #restore} lets connections through again.
 */
final class TcpProxy implements AutoCloseable {

  final int port;
  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = server.getLocalPort();
    daemon("proxy-accept", this::accept);
  }

  void cut() {
    cut = true;
    for (Socket s : Set.copyOf(open)) {
      quietly(s);
    }
  }

  void restore() {
    cut = false;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        quietly(in);
        continue;
      }
      try {
        Socket out = new Socket(targetHost, targetPort);
        open.add(in);
        open.add(out);
        daemon("proxy-up", () -> pump(in, out));
        daemon("proxy-down", () -> pump(out, in));
      } catch (IOException e) {
        quietly(in);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream i = from.getInputStream();
        OutputStream o = to.getOutputStream()) {
      int n;
      while (!cut && (n = i.read(buffer)) >= 0) {
        o.write(buffer, 0, n);
        o.flush();
      }
    } catch (IOException e) {
      // one side closed: both go
    } finally {
      quietly(from);
      quietly(to);
    }
  }

  private void quietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }
}
