/**
 * Appliance images: a minimal Java runtime (jlink over the JDK modules jdeps computes), the
 * application's jars, the baked data, a launcher with the appliance's JVM flags, an AOT cache
 * from a training run, a manifest, and a reproducible {@code .tar.xz}. Build-time tool; never
 * in an image.
 */
module kiln.build {
    // jlink and jdeps come in through ToolProvider (service binding from the JDK that builds).
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires kiln.http; // kiln inspect: what a baked site or TLS identity holds
    requires kiln.platform; // Netns: the tap training run probes from inside its namespace
    exports dev.kiln.build;
}
