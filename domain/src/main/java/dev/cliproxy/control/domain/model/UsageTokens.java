package dev.cliproxy.control.domain.model;

/** The tokens of one request as the proxy counts them; negative counts (never sent) read as zero. */
public record UsageTokens(long input, long output, long reasoning, long cached, long total) {

    public static final UsageTokens NONE = new UsageTokens(0, 0, 0, 0, 0);

    public UsageTokens {
        input = Math.max(0, input);
        output = Math.max(0, output);
        reasoning = Math.max(0, reasoning);
        cached = Math.max(0, cached);
        total = Math.max(0, total);
    }
}
