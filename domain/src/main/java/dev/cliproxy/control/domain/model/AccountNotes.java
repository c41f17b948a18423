package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the account watch keeps of one account besides its pause (in the account state file, so that a restart
 * loses nothing): a person's resume the quota automation must respect, and the alerts already told, so that an
 * account that stays expiring or low is told once per change rather than at every look.
 *
 * @param hold       a person's resume the automation respects until the quota's next reset
 * @param toldToken  the token state last told ({@code expiring} or {@code expired}); empty once valid again
 * @param toldLow    whether {@code quota-low} was told and the quota has not recovered since
 */
public record AccountNotes(Optional<ManualHold> hold, Optional<TokenState> toldToken, boolean toldLow) {

    public static final AccountNotes NONE = new AccountNotes(Optional.empty(), Optional.empty(), false);

    public AccountNotes {
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(toldToken, "toldToken");
        toldToken.filter(state -> state != TokenState.EXPIRING && state != TokenState.EXPIRED).ifPresent(state -> {
            throw new IllegalArgumentException("only expiring and expired are told, not " + state.id());
        });
    }

    public AccountNotes withHold(Optional<ManualHold> newHold) {
        return new AccountNotes(newHold, toldToken, toldLow);
    }

    /**
     * The alert a token now in {@code state} calls for: {@code token-expiring} or {@code token-expired} when that is
     * not what was last told; nothing while it stays so, nor when it is valid or its expiry unknown.
     */
    public Optional<AlertKind> tokenAlert(TokenState state) {
        if (toldToken.equals(Optional.of(state))) {
            return Optional.empty();
        }
        return switch (state) {
            case EXPIRING -> Optional.of(AlertKind.TOKEN_EXPIRING);
            case EXPIRED -> Optional.of(AlertKind.TOKEN_EXPIRED);
            case VALID, UNKNOWN -> Optional.empty();
        };
    }

    /** These notes once a token in {@code state} was looked at (and told, if {@link #tokenAlert} said so). */
    public AccountNotes withToken(TokenState state) {
        Optional<TokenState> told = state == TokenState.EXPIRING || state == TokenState.EXPIRED
                ? Optional.of(state) : Optional.empty();
        return new AccountNotes(hold, told, toldLow);
    }

    /** Whether a quota reading that is {@code low} calls for {@code quota-low}: only when it newly is. */
    public boolean lowAlert(boolean low) {
        return low && !toldLow;
    }

    /** These notes once a quota reading that is {@code low} or not was looked at. */
    public AccountNotes withLow(boolean low) {
        return new AccountNotes(hold, toldToken, low);
    }
}
