package io.jasyncio.client;

import io.jasyncio.tls.TlsOptions;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client's trust decision when the CA chain is not used: any certificate (aiohttp's
 * {@code ssl=False}) or exactly a pinned one ({@link Fingerprint}). Only a client's check of
 * its server is supported.
 */
final class ServerCertificateCheck extends X509ExtendedTrustManager {
    /** The handshake failed on the pin; the pool turns it into {@link ServerFingerprintMismatch}. */
    static final class Mismatch extends CertificateException {
        private static final long serialVersionUID = 1L;
        final byte[] expected;
        final byte[] got;

        Mismatch(byte[] expected, byte[] got) {
            super("certificate fingerprint mismatch: expected sha256 " + HexFormat.of().formatHex(expected)
                    + ", got " + HexFormat.of().formatHex(got));
            this.expected = expected;
            this.got = got;
        }
    }

    private final Fingerprint pinned; // null: accept any certificate

    ServerCertificateCheck(Fingerprint pinned) {
        this.pinned = pinned;
    }

    /** Client TLS options that decide trust by this check alone (no CA chain, no host name). */
    TlsOptions tlsOptions() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, null);
            return TlsOptions.client(context).withCheckHostname(false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        if (pinned != null && !pinned.matches(chain[0])) {
            throw new Mismatch(pinned.digest(), Fingerprint.sha256(chain[0]));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client's trust manager does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client's trust manager does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client's trust manager does not check clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
