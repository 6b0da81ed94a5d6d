package dev.kiln.http.site;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.zip.CRC32;

/** Jazzer: loading any bytes as a site image (with a fixed-up CRC, so the structure is reached) fails only with SiteImageException. */
class SiteImageFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void loadNeverThrowsOtherwise(byte[] data) {
        byte[] image = data.clone();
        if (image.length >= SiteImageFormat.HEADER_LEN) {
            System.arraycopy(SiteImageFormat.MAGIC, 0, image, 0, 8);
            image[8] = 0; image[9] = 1;
            int n = image.length - SiteImageFormat.HEADER_LEN;
            CRC32 crc = new CRC32();
            crc.update(image, SiteImageFormat.HEADER_LEN, n);
            put32(image, 12, n);
            put32(image, 16, crc.getValue());
        }
        try {
            StaticSite.load(image);
        } catch (SiteImageException expected) {
            // refused with a message: fine
        }
    }

    private static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24); b[off + 1] = (byte) (v >>> 16); b[off + 2] = (byte) (v >>> 8); b[off + 3] = (byte) v;
    }
}
