package dev.cliproxy.control.harness;

import java.util.Optional;

/** Every operation of the contract, answered as {@link ApiAnswer}s; one implementation per way in. */
interface ApiClient {

    ApiAnswer status();

    ApiAnswer start();

    ApiAnswer stop();

    ApiAnswer updateCheck();

    ApiAnswer models();

    ApiAnswer listErrorLogs();

    ApiAnswer readErrorLog(String name);

    ApiAnswer readConfig();

    /** {@code ifMatch}: the entity tag (quoted form) to send, or none for an unconditional write. */
    ApiAnswer writeConfig(String content, Optional<String> ifMatch);

    ApiAnswer listAuthFiles();

    ApiAnswer downloadAuthFile(String name);

    ApiAnswer quota(String provider, String accountId);

    /** {@code name}: the {@code ?name=} given, or none for the name derived from the file. */
    ApiAnswer importAccount(byte[] tokenFile, Optional<String> name, boolean replace);

    ApiAnswer deleteAccount(String provider, String accountId);

    ApiAnswer restoreAccount(String provider, String accountId);
}
