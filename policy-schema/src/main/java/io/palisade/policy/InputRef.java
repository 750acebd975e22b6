package io.palisade.policy;

import java.util.Locale;
import java.util.Objects;

/** A request input named in an exclusion: its source and (optionally) its name. */
public final class InputRef {
    private final String source;
    private final String name;

    public InputRef(String source, String name) {
        this.source = Objects.requireNonNull(source, "source");
        this.name = name;
    }

    /** {@code parameter}, {@code header}, {@code cookie}, {@code path} or {@code body}. */
    public String source() {
        return source;
    }

    /** The input's name; null means any input of {@link #source()}. */
    public String name() {
        return name;
    }

    /** Whether a finding's input matches; header names compare case-insensitively, other names exactly. */
    public boolean matches(String inputSource, String inputName) {
        if (inputSource == null || !source.equalsIgnoreCase(inputSource)) {
            return false;
        }
        if (name == null) {
            return true;
        }
        if (inputName == null) {
            return false;
        }
        return "header".equals(source.toLowerCase(Locale.ROOT)) ? name.equalsIgnoreCase(inputName) : name.equals(inputName);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InputRef)) {
            return false;
        }
        InputRef r = (InputRef) o;
        return source.equals(r.source) && Objects.equals(name, r.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, name);
    }

    @Override
    public String toString() {
        return name == null ? source + ":*" : source + ":" + name;
    }
}
