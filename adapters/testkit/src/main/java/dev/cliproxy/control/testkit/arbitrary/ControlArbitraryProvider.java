package dev.cliproxy.control.testkit.arbitrary;

import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.ErrorLogName;
import dev.cliproxy.control.domain.model.Release;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;

/**
 * Registered with jqwik (META-INF/services): with the testkit on the test class path, {@code @ForAll} parameters
 * of these types need no {@code @Provide} method. Quota answers depend on the provider: use
 * {@link ControlArbitraries#quotaAnswers}.
 */
public final class ControlArbitraryProvider implements ArbitraryProvider {

    private static final Map<Class<?>, Supplier<Arbitrary<?>>> KNOWN = Map.of(
            ErrorLogFile.class, ControlArbitraries::errorLogFiles,
            ConfigYaml.class, ControlArbitraries::configDocuments,
            Release.class, ControlArbitraries::releases,
            AuthFileName.class, () -> ControlArbitraries.validAuthFileNames().map(AuthFileName::new),
            ErrorLogName.class, () -> ControlArbitraries.validErrorLogNames().map(ErrorLogName::new));

    @Override
    public boolean canProvideFor(TypeUsage targetType) {
        return KNOWN.keySet().stream().anyMatch(targetType::isOfType);
    }

    @Override
    public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
        return KNOWN.entrySet().stream().filter(e -> targetType.isOfType(e.getKey()))
                .map(e -> e.getValue().get()).collect(java.util.stream.Collectors.toSet());
    }
}
