package dev.kiln.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The HTTP library is sans-I/O (DESIGN §2.4): no sockets, files, threads or clocks; time comes in as nowNs. */
class SansIoArchTest {
    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kiln.http");

    @Test
    void noIoNoThreadsNoClocks() {
        noClasses().that().resideInAPackage("dev.kiln.http..")
                // a JSSE key manager must name java.net.Socket in its signatures; it opens none
                .and().areNotAssignableTo(javax.net.ssl.X509ExtendedKeyManager.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..",
                        "java.util.concurrent..", "java.time..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Thread.class, "start")
                .check(MAIN);
    }
}
