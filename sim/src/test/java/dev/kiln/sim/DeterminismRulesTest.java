package dev.kiln.sim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The simulator itself reads no real clock and no unseeded randomness, and starts no threads:
 * only {@link SimSeeds} may read the clock, to pick fresh seeds that it prints before use.
 */
class DeterminismRulesTest {
    static final JavaClasses SIM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(java.nio.file.Path.of(Simulation.class.getProtectionDomain().getCodeSource().getLocation().getPath()));

    @Test
    void noRealClockOutsideSeedSelection() {
        org.junit.jupiter.api.Assertions.assertTrue(SIM.contain(Simulation.class) && SIM.contain(SimNetwork.class), "imported the simulator's classes");
        noClasses().that().doNotHaveSimpleName("SimSeeds")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Math.class, "random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .because("a run must be a function of its seed")
                .check(SIM);
    }

    @Test
    void noUnseededRandomnessOrThreads() {
        noClasses()
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ExecutorService")
                .because("a run must be a function of its seed, on one thread")
                .check(SIM);
    }

    @Test
    void noHashOrderedIteration() {
        noClasses()
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet")
                .because("iteration order of hashed sets must not decide anything; use LinkedHash* or sorted structures")
                .check(SIM);
    }
}
