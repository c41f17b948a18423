package dev.cliproxy.control.harness;

import java.util.List;
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

    ApiAnswer readConfigBackup();

    /** {@code ifMatch}: the entity tag (quoted form) to send, or none for an unconditional write. */
    ApiAnswer writeConfig(String content, Optional<String> ifMatch);

    ApiAnswer listAuthFiles();

    ApiAnswer downloadAuthFile(String name);

    ApiAnswer quota(String provider, String accountId);

    /** {@code name}: the {@code ?name=} given, or none for the name derived from the file. */
    ApiAnswer importAccount(byte[] tokenFile, Optional<String> name, boolean replace);

    ApiAnswer deleteAccount(String provider, String accountId);

    ApiAnswer restoreAccount(String provider, String accountId);

    /** The usage report of the range ({@code GET /usage}); {@code groupBy}: the ids as given, none for the totals. */
    ApiAnswer usageReport(long from, long to, List<String> groupBy);

    /**
     * Every page of the range's records, {@code limit} each, each asked with the {@code next} of the page before:
     * {@code {"pages":[page, ...]}}, or the first refusal.
     */
    ApiAnswer usagePages(long from, long to, int limit);

    /**
     * The range's export: {@code {"records":[...]}}, each record as {@code /usage/requests} has it (JSON lines),
     * or, for {@code csv} over HTTP, as the CSV's cells by the header's names.
     */
    ApiAnswer usageExport(long from, long to, String format);
}
