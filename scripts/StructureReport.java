import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Structure figures for issue 15 (run through scripts/structure-report.sh; plain JDK 17, no dependency).
 *
 * Method figures come from a simple brace-counting parser, not a Java compiler: comments, string, text-block
 * and char literals are blanked; a '{' whose enclosing block is a type body and whose header (the text since
 * the previous ';', '{' or '}') ends in a parameter list, optionally followed by a throws clause, opens a
 * method or constructor. Lambdas, initialisers and enum constant bodies are not methods (an enum constant
 * with arguments and a body is, rarely, miscounted as one). Method length is from the line of its name to
 * the line of its closing brace, inclusive.
 */
public class StructureReport {

    static final String GW = "gateway/src/main/java/eu/eevidence/gw/gateway";
    static final Pattern GW_REFERENCE = Pattern.compile("(?<![\\w.])eu\\s*\\.\\s*eevidence\\s*\\.\\s*gw\\s*\\.\\s*gateway\\s*\\.\\s*([a-z0-9_]+)\\s*\\.");
    static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "synchronized", "try", "do", "else",
            "return", "new", "throw", "assert", "case", "finally");
    static final Pattern TYPE_HEADER = Pattern.compile("(^|[^\\w.])(class|interface|enum|@interface)\\s+\\w+|(^|[^\\w.])record\\s+\\w+\\s*[(<]");

    record Method(String file, String pkg, String type, String name, int line, int length, int params, boolean connection, boolean sqlException) {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<Path> mainFiles;
        try (Stream<Path> s = Files.walk(root)) {
            mainFiles = s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').contains("/src/main/java/"))
                    .filter(p -> !root.relativize(p).toString().startsWith("target/") && !p.toString().contains("/target/"))
                    .sorted().collect(Collectors.toList());
        }
        Path gw = root.resolve(GW);
        System.out.println("# Structure report (scripts/structure-report.sh), repository " + root.getFileName());
        System.out.println();
        featureGraph(root, gw, mainFiles);
        largestClasses(root, mainFiles);
        List<Method> methods = new ArrayList<>();
        for (Path f : mainFiles) {
            methods.addAll(methods(root, f));
        }
        methodFigures(methods);
        errorCodeLiterals(root, mainFiles, gw);
    }

    // ---------------------------------------------------------------- feature import graph and its SCCs

    static void featureGraph(Path root, Path gw, List<Path> files) throws IOException {
        Map<String, TreeSet<String>> edges = new TreeMap<>();
        Map<String, Map<String, Integer>> weights = new TreeMap<>();
        try (Stream<Path> s = Files.list(gw)) {
            s.filter(Files::isDirectory).forEach(d -> edges.put(d.getFileName().toString(), new TreeSet<>()));
        }
        for (Path f : files) {
            if (!f.startsWith(gw) || f.getParent().equals(gw)) {
                continue;
            }
            String from = gw.relativize(f).getName(0).toString();
            String code = blank(read(f)).replaceFirst("\\bpackage\\s+[\\w.\\s]+;", "");
            Matcher m = GW_REFERENCE.matcher(code);
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from) && edges.containsKey(to)) {
                    edges.get(from).add(to);
                    weights.computeIfAbsent(from, k -> new TreeMap<>()).merge(to, 1, Integer::sum);
                }
            }
        }
        int edgeCount = edges.values().stream().mapToInt(Set::size).sum();
        System.out.println("## 1. Import graph between the gateway's top-level feature packages (eu.eevidence.gw.gateway.<feature>)");
        System.out.println();
        System.out.println("Edges come from the source text: every `eu.eevidence.gw.gateway.<feature>.` outside comments and string");
        System.out.println("literals, i.e. imports, static imports and fully qualified names in code. `from -> to (number of such");
        System.out.println("references)`. ArchUnit's class-level graph (ArchitectureTest) sees the same package edges from bytecode.");
        System.out.println();
        System.out.println("packages: " + edges.size() + ", edges: " + edgeCount);
        System.out.println();
        System.out.println("```");
        edges.forEach((from, tos) -> System.out.println(from + " -> " + (tos.isEmpty() ? "(none)"
                : tos.stream().map(t -> t + "(" + weights.get(from).get(t) + ")").collect(Collectors.joining(" ")))));
        System.out.println("```");
        System.out.println();
        List<List<String>> sccs = tarjan(edges);
        List<List<String>> cyclic = sccs.stream().filter(c -> c.size() > 1 || edges.get(c.get(0)).contains(c.get(0)))
                .sorted(Comparator.comparing((List<String> c) -> -c.size()).thenComparing(c -> c.get(0))).collect(Collectors.toList());
        int inCycles = cyclic.stream().mapToInt(List::size).sum();
        System.out.println("Strongly connected components with a cycle: " + cyclic.size() + "; packages in cycles: " + inCycles
                + " of " + edges.size());
        System.out.println();
        for (List<String> c : cyclic) {
            System.out.println("- SCC of " + c.size() + ": " + String.join(", ", c));
        }
        long elementary = elementaryCycles(edges, 1_000_000);
        System.out.println("- elementary cycles (distinct closed paths through the features): " + (elementary >= 1_000_000 ? ">= " : "") + elementary);
        TreeSet<String> acyclic = new TreeSet<>(edges.keySet());
        cyclic.forEach(acyclic::removeAll);
        System.out.println("- not in any cycle: " + (acyclic.isEmpty() ? "(none)" : String.join(", ", acyclic)));
        System.out.println();
    }

    /** Counts simple cycles, each once (from its smallest package), by depth-first search; stops at cap. */
    static long elementaryCycles(Map<String, TreeSet<String>> g, long cap) {
        long[] count = {0};
        for (String start : g.keySet()) {
            Set<String> onPath = new TreeSet<>(Set.of(start));
            walk(start, start, g, onPath, count, cap);
        }
        return count[0];
    }

    static void walk(String start, String v, Map<String, TreeSet<String>> g, Set<String> onPath, long[] count, long cap) {
        for (String w : g.get(v)) {
            if (count[0] >= cap || w.compareTo(start) < 0) {
                continue;
            }
            if (w.equals(start)) {
                count[0]++;
            } else if (onPath.add(w)) {
                walk(start, w, g, onPath, count, cap);
                onPath.remove(w);
            }
        }
    }

    static List<List<String>> tarjan(Map<String, TreeSet<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                strong(v, g, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    static void strong(String v, Map<String, TreeSet<String>> g, Map<String, Integer> index, Map<String, Integer> low,
                       Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : g.get(v)) {
            if (!index.containsKey(w)) {
                strong(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> c = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                c.add(w);
            } while (!w.equals(v));
            c.sort(null);
            out.add(c);
        }
    }

    // ---------------------------------------------------------------- classes by lines

    static void largestClasses(Path root, List<Path> files) throws IOException {
        record Sized(String path, long lines) {}
        List<Sized> sized = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            long n = read(f).lines().count();
            total += n;
            sized.add(new Sized(rel(root, f), n));
        }
        sized.sort(Comparator.comparingLong(Sized::lines).reversed().thenComparing(Sized::path));
        long over500 = sized.stream().filter(s -> s.lines() > 500).count();
        System.out.println("## 2. The 15 largest classes by lines (all modules, src/main/java; one file = one top-level type)");
        System.out.println();
        System.out.println("main source files: " + files.size() + ", lines: " + total + ", files over 500 lines: " + over500);
        System.out.println();
        System.out.println("| lines | file |");
        System.out.println("|---:|---|");
        sized.stream().limit(15).forEach(s -> System.out.println("| " + s.lines() + " | " + s.path() + " |"));
        System.out.println();
    }

    // ---------------------------------------------------------------- methods (brace-counting parser)

    static void methodFigures(List<Method> methods) {
        System.out.println("## 3. The 15 longest methods (all modules, src/main/java; brace-counting parser, see scripts/StructureReport.java)");
        System.out.println();
        System.out.println("methods and constructors found: " + methods.size() + ", over 50 lines: "
                + methods.stream().filter(m -> m.length() > 50).count() + ", over 100 lines: " + methods.stream().filter(m -> m.length() > 100).count());
        System.out.println();
        System.out.println("| lines | method | file:line |");
        System.out.println("|---:|---|---|");
        methods.stream().sorted(Comparator.comparingInt(Method::length).reversed().thenComparing(Method::file).thenComparingInt(Method::line))
                .limit(15).forEach(m -> System.out.println("| " + m.length() + " | " + m.type() + "." + m.name() + " | " + m.file() + ":" + m.line() + " |"));
        System.out.println();
        List<Method> many = methods.stream().filter(m -> m.params() > 7)
                .sorted(Comparator.comparingInt(Method::params).reversed().thenComparing(Method::file).thenComparingInt(Method::line))
                .collect(Collectors.toList());
        System.out.println("## 4. Methods and constructors with more than 7 parameters: " + many.size());
        System.out.println();
        if (!many.isEmpty()) {
            System.out.println("| parameters | method | file:line |");
            System.out.println("|---:|---|---|");
            many.forEach(m -> System.out.println("| " + m.params() + " | " + m.type() + "." + m.name() + " | " + m.file() + ":" + m.line() + " |"));
            System.out.println();
        }
        Map<String, int[]> perPkg = new TreeMap<>();
        int conn = 0;
        int sql = 0;
        int both = 0;
        for (Method m : methods) {
            if (m.connection() || m.sqlException()) {
                int[] c = perPkg.computeIfAbsent(m.pkg(), k -> new int[3]);
                if (m.connection()) {
                    c[0]++;
                    conn++;
                }
                if (m.sqlException()) {
                    c[1]++;
                    sql++;
                }
                if (m.connection() && m.sqlException()) {
                    c[2]++;
                    both++;
                }
            }
        }
        System.out.println("## 5. Methods taking a java.sql.Connection / declaring SQLException, per package (all modules, src/main/java)");
        System.out.println();
        System.out.println("totals: take a Connection " + conn + ", declare SQLException " + sql + ", both " + both
                + "; packages involved: " + perPkg.size());
        System.out.println();
        System.out.println("| package | take Connection | declare SQLException | both |");
        System.out.println("|---|---:|---:|---:|");
        perPkg.forEach((p, c) -> System.out.println("| " + p + " | " + c[0] + " | " + c[1] + " | " + c[2] + " |"));
        System.out.println();
    }

    static List<Method> methods(Path root, Path f) {
        String src = read(f);
        String code = blank(src);
        String pkg = "";
        Matcher pm = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;").matcher(code);
        if (pm.find()) {
            pkg = pm.group(1);
        }
        boolean sqlImported = Pattern.compile("^import\\s+java\\.sql\\.(Connection|\\*)\\s*;", Pattern.MULTILINE).matcher(src).find();
        Pattern connParam = sqlImported ? Pattern.compile("(^|[^\\w.])(java\\.sql\\.)?Connection\\s+\\w+\\s*$") : Pattern.compile("java\\.sql\\.Connection\\s+\\w+\\s*$");
        List<Method> out = new ArrayList<>();
        // context stack: 'T' type body, 'M' method body, 'B' other block; parallel stacks for names and start lines
        Deque<Character> kind = new ArrayDeque<>();
        Deque<Object[]> info = new ArrayDeque<>();
        Deque<String> typeNames = new ArrayDeque<>();
        int headerStart = 0;
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch == ';') {
                headerStart = i + 1;
            } else if (ch == '{') {
                String header = code.substring(headerStart, i).trim();
                char enclosing = kind.isEmpty() ? 'T' : kind.peek();
                Matcher tm = TYPE_HEADER.matcher(header);
                if (!header.endsWith(")") && tm.find() || header.matches("(?s).*(^|[^\\w.])record\\s+\\w+.*\\)\\s*(implements[^{]*)?") ) {
                    kind.push('T');
                    Matcher nm = Pattern.compile("(class|interface|enum|record)\\s+(\\w+)").matcher(header);
                    typeNames.push(nm.find() ? nm.group(2) : "?");
                    info.push(new Object[0]);
                } else if (enclosing == 'T' && (header.endsWith(")") || header.matches("(?s).*\\)\\s*throws\\s+[\\w.<>,\\s]+"))) {
                    String h = header.replaceAll("(?s)\\)\\s*throws\\s+[\\w.<>,\\s]+$", ")");
                    int close = h.length() - 1;
                    int open = matchingOpen(h, close);
                    String before = open > 0 ? h.substring(0, open).trim() : "";
                    Matcher idm = Pattern.compile("(\\w+)$").matcher(before);
                    String name = idm.find() ? idm.group(1) : "";
                    String beforeName = before.substring(0, before.length() - name.length()).trim();
                    if (!name.isEmpty() && !KEYWORDS.contains(name) && !beforeName.endsWith("new") && !beforeName.endsWith("=")
                            && !beforeName.endsWith("->") && !beforeName.endsWith("(") && !beforeName.endsWith(",")) {
                        String params = h.substring(open + 1, close);
                        String region = code.substring(headerStart, i);
                        int lead = region.length() - region.stripLeading().length();
                        int nameLine = lineOf(code, headerStart + lead + before.length() - name.length());
                        List<String> ps = splitParams(params);
                        boolean conn = ps.stream().anyMatch(p -> connParam.matcher(p.replaceAll("@\\w+(\\([^)]*\\))?", "").replaceAll("\\bfinal\\b", "").trim()).find());
                        boolean throwsSql = header.matches("(?s).*\\)\\s*throws\\s+[^)]*\\b(java\\.sql\\.)?SQLException\\b[^)]*");
                        kind.push('M');
                        info.push(new Object[]{name, nameLine, ps.size(), conn, throwsSql});
                        typeNames.push(typeNames.isEmpty() ? "?" : typeNames.peek());
                    } else {
                        kind.push('B');
                        info.push(new Object[0]);
                        typeNames.push(typeNames.isEmpty() ? "?" : typeNames.peek());
                    }
                } else if (enclosing != 'T' && header.matches("(?s).*\\bnew\\s+[\\w.<>,\\s?]+\\([^{]*\\)")) {
                    kind.push('T'); // anonymous class body
                    typeNames.push((typeNames.isEmpty() ? "?" : typeNames.peek()) + ".<anonymous>");
                    info.push(new Object[0]);
                } else {
                    kind.push('B');
                    info.push(new Object[0]);
                    typeNames.push(typeNames.isEmpty() ? "?" : typeNames.peek());
                }
                headerStart = i + 1;
            } else if (ch == '}') {
                if (!kind.isEmpty()) {
                    char k = kind.pop();
                    Object[] in = info.pop();
                    String type = typeNames.pop();
                    if (k == 'M' && in.length > 0) {
                        int end = lineOf(code, i);
                        int start = (int) in[1];
                        out.add(new Method(rel(root, f), pkg, type, (String) in[0], start, end - start + 1, (int) in[2], (boolean) in[3], (boolean) in[4]));
                    }
                }
                headerStart = i + 1;
            }
        }
        return out;
    }

    static int matchingOpen(String s, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    static List<String> splitParams(String params) {
        List<String> out = new ArrayList<>();
        if (params.isBlank()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<' || c == '(' || c == '[') {
                depth++;
            } else if (c == '>' || c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(params.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(params.substring(start).trim());
        return out;
    }

    static int lineOf(String s, int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Comments, string/text-block/char literals replaced by spaces (newlines kept, so line numbers hold). */
    static String blank(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    b.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                keepNewlines(b, s, i, end);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && s.charAt(end - 1) == '\\') {
                    end = s.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end + 3;
                b.append('"');
                keepNewlines(b, s, i + 1, end - 1);
                b.append('"');
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(j + 1, n);
                b.append(c);
                keepNewlines(b, s, i + 1, end - 1);
                b.append(c);
                i = end;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    static void keepNewlines(StringBuilder b, String s, int from, int to) {
        for (int k = from; k < to && k < s.length(); k++) {
            b.append(s.charAt(k) == '\n' ? '\n' : ' ');
        }
    }

    // ---------------------------------------------------------------- error code literals

    static void errorCodeLiterals(Path root, List<Path> files, Path gw) {
        int all = 0;
        int allFiles = 0;
        int gwCount = 0;
        int gwFiles = 0;
        Pattern p = Pattern.compile("\"EEG-");
        for (Path f : files) {
            Matcher m = p.matcher(read(f));
            int c = 0;
            while (m.find()) {
                c++;
            }
            if (c > 0) {
                all += c;
                allFiles++;
                if (f.startsWith(gw)) {
                    gwCount += c;
                    gwFiles++;
                }
            }
        }
        System.out.println("## 6. `\"EEG-` string literals (src/main/java; an occurrence of `\"EEG-` counts as one literal)");
        System.out.println();
        System.out.println("| scope | literals | files holding them |");
        System.out.println("|---|---:|---:|");
        System.out.println("| all modules | " + all + " | " + allFiles + " |");
        System.out.println("| gateway module | " + gwCount + " | " + gwFiles + " |");
        System.out.println();
    }

    // ---------------------------------------------------------------- helpers

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rel(Path root, Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }
}
