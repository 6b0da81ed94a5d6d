package dev.kiln.cli;

import dev.kiln.build.BuildException;
import dev.kiln.build.ImageInspector;
import dev.kiln.build.InspectText;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiln inspect IMAGE}: what is inside an appliance image and how big each part is (logic in {@link ImageInspector}). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show an appliance image's manifest and the size of each part: runtime (libjvm, JDK modules),"
                + " application, Kiln libraries (per jar, with class counts), baked data, AOT cache, launcher.",
                "IMAGE is the image directory or its .tar.xz (read as a stream, not unpacked)."})
final class InspectCommand implements Runnable {
    @Parameters(paramLabel = "IMAGE", description = "An image directory or NAME.tar.xz.")
    Path image;

    @Override
    public void run() {
        try {
            System.out.print(InspectText.render(ImageInspector.inspect(image)));
        } catch (BuildException e) {
            throw new UserError(e.getMessage());
        }
    }
}
