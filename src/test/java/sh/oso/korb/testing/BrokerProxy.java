package sh.oso.korb.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A TCP proxy in front of one broker listener, which a test can make misbehave the way a broker does on a bad
 * day, at a moment of its choosing: {@link #cut()} closes every connection and refuses new ones (a broker that is
 * gone); {@link #loseAnswersTo} lets requests of some types reach the broker, which acts on them, and drops its
 * answers (the client never hears, as when a connection breaks after the broker acted). It forwards whole Kafka
 * frames, so it can tell requests apart by their API key. Clients must reach the broker only through it, so the
 * broker advertises the proxy's port ({@link ProxiedKafka}).
 */
public final class BrokerProxy implements AutoCloseable {

    private final int port;
    private final InetSocketAddress target;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Short> answersLost = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    private BrokerProxy(int port, InetSocketAddress target) {
        this.port = port;
        this.target = target;
    }

    /** A proxy listening on {@code port} of localhost, forwarding to {@code targetPort} of localhost. */
    public static BrokerProxy start(int port, int targetPort) {
        BrokerProxy proxy = new BrokerProxy(port, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        proxy.restore();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** From now on, requests of these types reach the broker but their answers are dropped. */
    public void loseAnswersTo(ApiKeys... requests) {
        for (ApiKeys request : requests) {
            answersLost.add(request.id);
        }
    }

    /** Closes every connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        ServerSocket listening = server;
        server = null;
        closeQuietly(listening);
        connections.forEach(BrokerProxy::closeQuietly);
        connections.clear();
    }

    /** Accepts connections (again) on the same port, and delivers every answer. */
    public void restore() {
        answersLost.clear();
        if (server != null) {
            return;
        }
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
            thread("proxy-accept-" + port, () -> accept(listening));
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + port, e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket broker = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                connections.add(client);
                connections.add(broker);
                Map<Integer, Short> requestTypes = new ConcurrentHashMap<>();
                thread(
                        "proxy-requests",
                        () -> pump(client, broker, frame -> {
                            ByteBuffer header = ByteBuffer.wrap(frame);
                            short apiKey = header.getShort(0);
                            requestTypes.put(header.getInt(4), apiKey);
                            return true;
                        }));
                thread(
                        "proxy-answers",
                        () -> pump(broker, client, frame -> {
                            Short apiKey =
                                    requestTypes.remove(ByteBuffer.wrap(frame).getInt(0));
                            return apiKey == null || !answersLost.contains(apiKey);
                        }));
            } catch (IOException e) {
                // closed by cut(), or the broker refused: the client sees its connection fail
            }
        }
    }

    @FunctionalInterface
    private interface Forward {
        boolean test(byte[] frame);
    }

    /** Copies size-prefixed frames from one socket to the other, those {@code forward} accepts. */
    private void pump(Socket from, Socket to, Forward forward) {
        try {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            while (true) {
                int size = in.readInt();
                ByteBuffer sized = ByteBuffer.allocate(Integer.BYTES + size).putInt(size);
                in.readFully(sized.array(), Integer.BYTES, size);
                byte[] frame = Arrays.copyOfRange(sized.array(), Integer.BYTES, sized.capacity());
                if (forward.test(frame)) {
                    out.write(sized.array());
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            connections.remove(from);
            connections.remove(to);
        }
    }

    private static void thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
