package dev.cliproxy.control.adapter.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of connections to proxies on other hosts: the JDK's trust store, and optionally the certificates
 * of one more CA file (PEM or DER, one or several certificates) for a private CA or a self-signed proxy. A
 * certificate is trusted when either trusts it; the host name is checked by the HTTP client either way.
 */
final class RemoteTrust {

    /** A CA file is a few kilobytes; anything much larger is not one. */
    private static final long MAX_CA_FILE_BYTES = 1 << 20;

    private RemoteTrust() {
    }

    /** The JDK's default context when there is no extra CA file, else one that trusts its certificates too. */
    static SSLContext context(Optional<Path> extraCaFile) throws IOException, GeneralSecurityException {
        if (extraCaFile.isEmpty()) {
            return SSLContext.getDefault();
        }
        X509ExtendedTrustManager jdk = trustManager(null);
        X509ExtendedTrustManager extra = trustManager(keyStore(certificates(extraCaFile.get())));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new EitherTrustManager(jdk, extra)}, null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(Path file) throws IOException, CertificateException {
        if (Files.size(file) > MAX_CA_FILE_BYTES) {
            throw new CertificateException("the CA file is larger than " + MAX_CA_FILE_BYTES + " bytes");
        }
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
        if (certificates.isEmpty()) {
            throw new CertificateException("the CA file holds no certificate");
        }
        return certificates;
    }

    private static KeyStore keyStore(Collection<? extends Certificate> certificates)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("extra-ca-" + i++, certificate);
        }
        return store;
    }

    /** The JDK's trust manager over {@code store} ({@code null}: the default trust store). */
    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }

    /** Trusts what the first trusts, else what the second trusts; a refusal of both is the first one's. */
    private static final class EitherTrustManager extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        EitherTrustManager(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        @FunctionalInterface
        private interface Check {
            void check(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.check(first);
            } catch (CertificateException refused) {
                try {
                    check.check(second);
                } catch (CertificateException alsoRefused) {
                    refused.addSuppressed(alsoRefused);
                    throw refused;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            either(manager -> manager.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            either(manager -> manager.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(manager -> manager.checkServerTrusted(chain, authType));
        }

        /** This side never asks for client certificates: nobody's are trusted. */
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> issuers = new ArrayList<>(Arrays.asList(first.getAcceptedIssuers()));
            issuers.addAll(Arrays.asList(second.getAcceptedIssuers()));
            return issuers.toArray(X509Certificate[]::new);
        }
    }
}
