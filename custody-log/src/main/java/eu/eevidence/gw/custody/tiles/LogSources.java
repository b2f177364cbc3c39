package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a {@link LogSource} from what an auditor types: an http(s) URL, a directory, or a .zip archive. */
public final class LogSources {

    private LogSources() {
    }

    public static LogSource open(String where, HttpClient http) throws CustodyException {
        if (where == null || where.isBlank()) {
            throw new CustodyException(CustodyError.FETCH_FAILED, "no log location given");
        }
        if (where.startsWith("https://") || where.startsWith("http://")) {
            return new HttpSource(http, where);
        }
        Path p = Path.of(where);
        if (Files.isDirectory(p)) {
            return new DirectorySource(p);
        }
        if (Files.isRegularFile(p) && where.endsWith(".zip")) {
            return new ZipSource(p);
        }
        throw new CustodyException(CustodyError.FETCH_FAILED, "not a URL, a directory or a .zip archive: " + where);
    }
}
