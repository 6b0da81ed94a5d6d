/**
 * Builds a sealed appliance image (issue 3 §2, first slice).
 *
 * <pre>
 *   ImageSpec ──▶ ImageBuilder.build ──▶ out/ (runtime/, app/, data/, bin/appliance, app.aot,
 *                                            manifest.properties) + out.tar.xz
 *     ModuleDeps (jdeps) ─▶ RuntimeLinker (jlink + strip) ─▶ AppPacker ─▶ LauncherScript
 *     ─▶ AotTrainer (host target: real DNS queries) ─▶ Manifest ─▶ TarXz
 * </pre>
 *
 * <p>Implemented: computed JDK module set, stripped uncompressed runtime (xz does the
 * compressing), app jars (directories packed reproducibly), baked data at {@code data/},
 * launcher script, AOT cache from a host training run, manifest with build id and layout
 * seed, reproducible tar.xz (sorted entries, fixed mtime/owner).
 * Not implemented: ProGuard shrinking, AOT training for the tap target, descriptor-driven
 * devices in the manifest, randomising anything beyond the heap base / archive base (see
 * {@link dev.kiln.build.LayoutSeed}).
 */
package dev.kiln.build;
