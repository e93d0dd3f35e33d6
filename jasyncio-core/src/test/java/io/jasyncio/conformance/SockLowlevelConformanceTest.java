package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TimeoutError;
import io.jasyncio.transports.RealLoop;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_sock_lowlevel.py}, first tests. CPython runs
 * {@code BaseSockTestsMixin} once per selector (epoll, poll, select on Linux); jasyncio's loop has
 * one selector, so each method is ported once. ConnectionRefusedError is
 * {@link ConnectException}.
 */
class SockLowlevelConformanceTest {

    private static InetSocketAddress unusedPort() throws Exception {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return (InetSocketAddress) s.getLocalAddress();
        }
    }

    @Test // test_sock_lowlevel.py::{EPoll,Poll,Select}EventLoopTests::test_sock_client_fail
    void sockTests_testSockClientFail() throws Exception {
        InetSocketAddress address = unusedPort();
        RealLoop.run(() -> {
            try (SocketChannel sock = SocketChannel.open()) {
                sock.configureBlocking(false);
                assertThrows(ConnectException.class, () -> Asyncio.getRunningLoop().sockConnect(sock, address));
            }
        });
    }

    @Test // test_sock_lowlevel.py::{EPoll,Poll,Select}EventLoopTests::test_sock_accept
    void sockTests_testSockAccept() {
        RealLoop.run(() -> {
            try (ServerSocketChannel listener = ServerSocketChannel.open();
                    SocketChannel client = SocketChannel.open()) {
                listener.configureBlocking(false);
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                client.connect(listener.getLocalAddress());
                try (SocketChannel conn = Asyncio.getRunningLoop().sockAccept(listener)) {
                    assertFalse(conn.isBlocking(), "asyncio: the accepted socket's timeout is 0");
                    assertEquals(client.getLocalAddress(), conn.getRemoteAddress());
                    assertEquals(listener.getLocalAddress(), client.getRemoteAddress());
                }
            }
        });
    }

    @Test // test_sock_lowlevel.py::{EPoll,Poll,Select}EventLoopTests::test_cancel_sock_accept
    void sockTests_testCancelSockAccept() {
        RealLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            SocketAddress sockaddr;
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.configureBlocking(false);
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                sockaddr = listener.getLocalAddress();
                assertThrows(TimeoutError.class, () -> Asyncio.waitFor(() -> loop.sockAccept(listener), 0.1));
            }
            try (SocketChannel client = SocketChannel.open()) {
                client.configureBlocking(false);
                assertThrows(ConnectException.class, () -> loop.sockConnect(client, sockaddr));
            }
        });
    }
}
