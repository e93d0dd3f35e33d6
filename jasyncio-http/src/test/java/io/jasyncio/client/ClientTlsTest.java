package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.testfixtures.TestPki;
import io.jasyncio.tls.TlsContexts;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * https through jasyncio's TLS layer: a TLS server on 127.0.0.1 with certificates from a test CA
 * made by the {@code openssl} CLI, answering raw HTTP/1.1; the client trusting that CA succeeds,
 * the JDK's trust store and a certificate for another name fail with {@link ClientSSLError}.
 */
class ClientTlsTest {
    private static TestPki certs;

    @BeforeAll
    static void makeCerts() {
        certs = TestPki.get();
    }

    interface Body {
        void run(String url) throws Exception;
    }

    /** A TLS server presenting {@code cert} that answers every request on a connection with "secure". */
    private static void served(Path cert, Path key, Body body) {
        Asyncio.run(() -> {
            Server server = Asyncio.startServer((reader, writer) -> {
                try {
                    while (true) {
                        reader.readuntil("\r\n\r\n".getBytes(UTF_8));
                        writer.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure".getBytes(UTF_8));
                        writer.drain();
                    }
                } catch (Exception e) {
                    writer.close(); // the client left, or its handshake failed: nothing to answer
                }
            }, ServerOptions.of("127.0.0.1", 0), TlsOptions.server(TlsContexts.create(null, cert, key)));
            try {
                Asyncio.timeout(60, () -> body.run("https://127.0.0.1:" + server.port() + "/"));
            } finally {
                server.close();
            }
        });
    }

    @Test
    void aClientTrustingTheTestCaGetsTheResponseAndReusesTheConnection() {
        served(certs.serverCert, certs.serverKey, url -> {
            SessionOptions opts = SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert)));
            try (ClientSession s = new ClientSession(opts)) {
                for (int i = 0; i < 3; i++) {
                    try (ClientResponse r = s.get(url)) {
                        assertEquals(200, r.status());
                        assertEquals("secure", r.text());
                    }
                }
                assertEquals(1, s.connectionsOpened());
            }
        });
    }

    @Test
    void theJdkTrustStoreRejectsTheTestCaWithAClientSslErrorNamingTheCause() {
        served(certs.serverCert, certs.serverKey, url -> {
            try (ClientSession s = new ClientSession()) {
                ClientSSLError e = assertThrows(ClientSSLError.class, () -> s.get(url));
                assertTrue(e.getMessage().startsWith("Cannot connect to host 127.0.0.1:"), e.getMessage());
                assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
                assertInstanceOf(SSLException.class, e.getCause());
                assertEquals(0, s.connectionsInUse());
            }
        });
    }

    @Test
    void aCertificateForAnotherNameFailsClearly() {
        served(certs.wrongNameCert, certs.wrongNameKey, url -> {
            SessionOptions opts = SessionOptions.defaults().withSsl(TlsOptions.client(TlsContexts.trusting(certs.caCert)));
            try (ClientSession s = new ClientSession(opts)) {
                ClientSSLError e = assertThrows(ClientSSLError.class, () -> s.get(url));
                assertTrue(e.getMessage().contains("No subject alternative names matching IP address 127.0.0.1"),
                        e.getMessage());
            }
        });
    }

    private static java.security.cert.X509Certificate load(Path pem) throws Exception {
        try (var in = java.nio.file.Files.newInputStream(pem)) {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
    }

    @Test
    void sslFalseAcceptsAnUntrustedCertificateAndAnotherName() {
        // aiohttp's ssl=False: neither the CA (not in the JDK's store) nor the name is checked
        served(certs.wrongNameCert, certs.wrongNameKey, url -> {
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withSsl(false));
                    ClientResponse r = s.get(url)) {
                assertEquals("secure", r.text());
            }
        });
    }

    @Test
    void aPinnedFingerprintAcceptsThatCertificateOnlyAndTheMismatchNamesBothDigests() {
        served(certs.serverCert, certs.serverKey, url -> {
            Fingerprint right = Fingerprint.of(load(certs.serverCert));
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withSsl(right));
                    ClientResponse r = s.get(url)) {
                assertEquals("secure", r.text());
            }
            Fingerprint wrong = Fingerprint.of(load(certs.wrongNameCert));
            try (ClientSession s = new ClientSession(SessionOptions.defaults().withSsl(wrong))) {
                ServerFingerprintMismatch e = assertThrows(ServerFingerprintMismatch.class, () -> s.get(url));
                assertTrue(java.util.Arrays.equals(wrong.digest(), e.expected()), e.getMessage());
                assertTrue(java.util.Arrays.equals(right.digest(), e.got()), e.getMessage());
                assertTrue(e.getMessage().contains("127.0.0.1:"), e.getMessage());
                assertEquals(0, s.connectionsOpened(), "no connection kept");
            }
        });
    }

    @Test
    void fingerprintsAreSha256Only() throws Exception {
        IllegalArgumentException md5 = assertThrows(IllegalArgumentException.class, () -> new Fingerprint(new byte[16]));
        assertEquals("md5 and sha1 are insecure and not supported. Use sha256.", md5.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.ofHex("zz"));
        assertThrows(NullPointerException.class, () -> new Fingerprint(null));
        Fingerprint f = Fingerprint.of(load(certs.serverCert));
        String colons = java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(f.digest());
        assertEquals(f, Fingerprint.ofHex(colons)); // as openssl x509 -fingerprint -sha256 prints it
        byte[] d = f.digest();
        d[0] ^= 1;
        assertEquals(f, Fingerprint.of(load(certs.serverCert)), "the record keeps its own copy");
    }
}
