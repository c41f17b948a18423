package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.TokenFileUpload;
import java.util.Optional;

/** {@code POST /accounts/import}: an account added from its token file. */
public interface ImportAccountUseCase {

    /**
     * Writes the token file into {@code auth/} as {@code name}, else under its provider's login name for its email,
     * and answers the account as the listing shows it. {@code InvalidInputException} for a file whose {@code type}
     * no provider knows or a name that is not an account file name; {@code ConflictException} {@code account_exists}
     * when the name is taken (unless {@code replace}).
     */
    AccountStatus importToken(TokenFileUpload upload, Optional<String> name, boolean replace);
}
