package io.palisade.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Findings to skip. Matches when every list it sets matches; an empty list matches anything.
 * Paths are globs: {@code *} matches within one path segment, {@code **} matches across segments
 * ({@code /a/**} also matches {@code /a}, {@code /**}{@code /x} also matches {@code /x}).
 */
public final class Exclusion {
    private final String id;
    private final String reason;
    private final List<String> paths;
    private final List<Pattern> pathPatterns;
    private final List<String> detectors;
    private final List<InputRef> inputs;
    private final List<String> clientCidrs;
    private final List<IpRange> clientRanges;
    private final List<String> sinkTargets;
    private final List<Pattern> sinkTargetPatterns;

    public Exclusion(String id, String reason, List<String> paths, List<String> detectors, List<InputRef> inputs) {
        this(id, reason, paths, detectors, inputs, null, null);
    }

    /**
     * @param clientCidrs client addresses or CIDR ranges (throws IllegalArgumentException for one that is neither)
     * @param sinkTargets globs over the whole sink target: {@code *} any characters, {@code ?} one, case-insensitive
     */
    public Exclusion(String id, String reason, List<String> paths, List<String> detectors, List<InputRef> inputs,
                     List<String> clientCidrs, List<String> sinkTargets) {
        this.id = Objects.requireNonNull(id, "id");
        this.reason = reason == null ? "" : reason;
        this.paths = copy(paths);
        this.detectors = copy(detectors);
        this.inputs = copy(inputs);
        List<Pattern> patterns = new ArrayList<>(this.paths.size());
        for (String p : this.paths) {
            patterns.add(globToRegex(p));
        }
        this.pathPatterns = Collections.unmodifiableList(patterns);
        this.clientCidrs = copy(clientCidrs);
        List<IpRange> ranges = new ArrayList<>(this.clientCidrs.size());
        for (String c : this.clientCidrs) {
            ranges.add(IpRange.parse(c));
        }
        this.clientRanges = Collections.unmodifiableList(ranges);
        this.sinkTargets = copy(sinkTargets);
        List<Pattern> targets = new ArrayList<>(this.sinkTargets.size());
        for (String t : this.sinkTargets) {
            targets.add(targetGlobToRegex(t));
        }
        this.sinkTargetPatterns = Collections.unmodifiableList(targets);
    }

    private static <T> List<T> copy(List<T> list) {
        if (list == null) {
            return Collections.emptyList();
        }
        for (T t : list) {
            Objects.requireNonNull(t, "list element");
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    public String id() {
        return id;
    }

    public String reason() {
        return reason;
    }

    /** Path globs; empty means any path. */
    public List<String> paths() {
        return paths;
    }

    /** Detector ids; empty means every detector. */
    public List<String> detectors() {
        return detectors;
    }

    /** Inputs; empty means any input. */
    public List<InputRef> inputs() {
        return inputs;
    }

    /** Client addresses and CIDR ranges; empty means any client. */
    public List<String> clientCidrs() {
        return clientCidrs;
    }

    /** Sink target globs; empty means any target. */
    public List<String> sinkTargets() {
        return sinkTargets;
    }

    /**
     * Whether a finding is excluded, for an exclusion without client or sink target conditions (an
     * exclusion with them never matches here: the client and target are unknown).
     *
     * @param detectorId  the detector that found it
     * @param path        the request path, without query string
     * @param inputSource the source of the request value involved (parameter, header, ...)
     * @param inputName   the name of that value
     */
    public boolean matches(String detectorId, String path, String inputSource, String inputName) {
        return matches(detectorId, path, inputSource, inputName, null, null);
    }

    /**
     * Whether a finding is excluded.
     *
     * @param clientIp   the client address (after trusted proxies); null when unknown
     * @param sinkTarget what the sink was asked to do (SQL text, URL), whole; null when unknown
     */
    public boolean matches(String detectorId, String path, String inputSource, String inputName,
                           String clientIp, String sinkTarget) {
        if (!clientRanges.isEmpty() && !anyRangeContains(clientIp)) {
            return false;
        }
        if (!sinkTargetPatterns.isEmpty() && !anyMatches(sinkTargetPatterns, sinkTarget)) {
            return false;
        }
        if (!detectors.isEmpty() && (detectorId == null || !detectors.contains(detectorId))) {
            return false;
        }
        if (!pathPatterns.isEmpty()) {
            if (path == null) {
                return false;
            }
            boolean any = false;
            for (Pattern p : pathPatterns) {
                if (p.matcher(path).matches()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        if (!inputs.isEmpty()) {
            for (InputRef r : inputs) {
                if (r.matches(inputSource, inputName)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private boolean anyRangeContains(String clientIp) {
        if (clientIp == null) {
            return false;
        }
        byte[] address = IpRange.literal(clientIp);
        if (address == null) {
            return false;
        }
        for (IpRange r : clientRanges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatches(List<Pattern> patterns, String text) {
        if (text == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(text).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A sink target glob: {@code *} any characters (newlines too), {@code ?} one; case-insensitive; the rest literal. */
    static Pattern targetGlobToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                flush(re, literal);
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(re, literal);
        return Pattern.compile(re.toString(), Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Compiles a path glob: {@code **} crosses segments, {@code *} stays within one; everything else is literal. */
    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i);
            if (c != '*') {
                literal.append(c);
                i++;
                continue;
            }
            boolean doubleStar = i + 1 < n && glob.charAt(i + 1) == '*';
            int end = i + (doubleStar ? 2 : 1);
            while (doubleStar && end < n && glob.charAt(end) == '*') {
                end++; // *** and more behave like **
            }
            if (doubleStar) {
                boolean slashBefore = literal.length() > 0 && literal.charAt(literal.length() - 1) == '/';
                boolean slashAfter = end < n && glob.charAt(end) == '/';
                if (slashBefore && end == n) {
                    // "/a/**": everything below /a, and /a itself
                    literal.setLength(literal.length() - 1);
                    flush(re, literal);
                    re.append("(?:/.*)?");
                } else if (slashBefore && slashAfter) {
                    // "/a/**/b": zero or more segments between
                    flush(re, literal);
                    re.append("(?:.*/)?");
                    end++; // consume the slash after
                } else if (i == 0 && slashAfter) {
                    // "**/b" at the start: b at any depth
                    re.append("(?:.*/)?");
                    end++;
                } else {
                    flush(re, literal);
                    re.append(".*");
                }
            } else {
                flush(re, literal);
                re.append("[^/]*");
            }
            i = end;
        }
        flush(re, literal);
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    @Override
    public String toString() {
        return "Exclusion{" + id + ", paths=" + paths + ", detectors=" + detectors + ", inputs=" + inputs
                + ", clientCidrs=" + clientCidrs + ", sinkTargets=" + sinkTargets + "}";
    }
}
