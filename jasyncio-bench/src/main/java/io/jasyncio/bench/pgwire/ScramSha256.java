package io.jasyncio.bench.pgwire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL runs it: the user name is the
 * startup message's (sent empty here), no channel binding ({@code n,,}). Only for the wire probe:
 * no SASLprep of the password (ASCII passwords only). Not thread-safe: one exchange per object.
 */
final class ScramSha256 {
    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    ScramSha256(String password) {
        this.password = password;
        byte[] nonce = new byte[18];
        new SecureRandom().nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
    }

    /** The client-first message ({@code n,,n=,r=NONCE}). */
    String clientFirst() {
        clientFirstBare = "n=,r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    /** The client-final message answering the server-first one ({@code r=..,s=..,i=..}), with the proof. */
    String clientFinal(String serverFirst) throws GeneralSecurityException {
        Map<String, String> attrs = attributes(serverFirst);
        String nonce = attrs.get("r");
        if (nonce == null || !nonce.startsWith(clientNonce)) {
            throw new GeneralSecurityException("SCRAM: the server's nonce does not extend ours: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce; // biws = base64("n,,")
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        expectedServerSignature = hmac(hmac(salted, "Server Key"), authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** Checks the server-final message ({@code v=SIGNATURE}): the server knew the password too. */
    void verifyServerFinal(String serverFinal) throws GeneralSecurityException {
        String v = attributes(serverFinal).get("v");
        if (v == null || !MessageDigest.isEqual(Base64.getDecoder().decode(v), expectedServerSignature)) {
            throw new GeneralSecurityException("SCRAM: wrong server signature: " + serverFinal);
        }
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> m = new HashMap<>();
        for (String part : message.split(",")) {
            int eq = part.indexOf('=');
            if (eq == 1) {
                m.put(part.substring(0, 1), part.substring(2));
            }
        }
        return m;
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
