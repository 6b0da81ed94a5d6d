package dev.kiln.net.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.concurrent.TimeUnit;

/**
 * The wire formats, the own stack and TCP are sans-I/O (DESIGN.md §2.4): no clock, no sleeping,
 * no threads, no sockets. Time comes in through {@code doWork(nowNs)}.
 */
@AnalyzeClasses(packages = "dev.kiln.net", importOptions = ImportOption.DoNotIncludeTests.class)
class SansIoArchTest {
    static final String[] SANS_IO = {"dev.kiln.net.wire..", "dev.kiln.net.stack..", "dev.kiln.net.tcp.."};

    @ArchTest
    static final ArchRule noClockReads = noClasses().that().resideInAnyPackage(SANS_IO)
            .should().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().dependOnClassesThat().resideInAPackage("java.time..")
            .because("time is handed in as nowNs; protocol code never reads a clock");

    @ArchTest
    static final ArchRule noThreadsOrSleeps = noClasses().that().resideInAnyPackage(SANS_IO)
            .should().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().callMethod(TimeUnit.class, "sleep", long.class)
            .orShould().callMethod(Object.class, "wait")
            .orShould().callMethod(Object.class, "wait", long.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ExecutorService")
            .because("the stack runs on its caller's loop thread and never blocks");

    @ArchTest
    static final ArchRule noSockets = noClasses().that().resideInAnyPackage(SANS_IO)
            .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "java.io..")
            .because("the stack only talks to a NetDevice; sockets belong to dev.kiln.net.host");

    @ArchTest
    static final ArchRule stackDoesNotUseHost = noClasses().that().resideInAnyPackage(SANS_IO)
            .should().dependOnClassesThat().resideInAPackage("dev.kiln.net.host..");
}
