package dev.kiln.configure;

import dev.kiln.site.compiler.SiteCompileException;
import dev.kiln.site.compiler.SiteCompiler;
import java.nio.file.Path;

/**
 * The configure step for a static site: the descriptor's {@code site=} directory → site-compiler
 * (checks every file; gzip variants, ETags, header blocks) → the baked {@code site.ksite}. A site
 * that does not bake fails the build here with each file's problem and fix. Last-Modified is each
 * file's mtime, or {@code SOURCE_DATE_EPOCH} for every file when it is set (reproducible builds).
 */
public final class SiteBake {
    private SiteBake() {}

    public static SiteCompiler.Baked bake(Descriptor d, Path out) {
        SiteCompiler.Options o = SiteCompiler.Options.DEFAULTS;
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("[0-9]{1,12}")) o = o.withLastModified(Long.parseLong(epoch));
        try {
            return SiteCompiler.bake(d.site(), out, o);
        } catch (SiteCompileException e) {
            throw new ConfigureException(e.problems().stream()
                    .map(p -> new Problem(d.file(), 0, "site " + d.site().getFileName() + " does not bake: " + p, null)).toList());
        }
    }
}
