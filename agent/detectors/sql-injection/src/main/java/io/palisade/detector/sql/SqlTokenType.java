package io.palisade.detector.sql;

/** Kinds of token the lexer produces. */
public enum SqlTokenType {
  WHITESPACE,
  /** Line ({@code --}, MySQL {@code #}) or block ({@code /* *}{@code /}, MySQL {@code /*!}) comment. */
  COMMENT,
  /** String literal, including prefixed forms ({@code E'..'}, {@code N'..'}, {@code U&'..'}) and dollar quotes. */
  STRING,
  QUOTED_IDENTIFIER,
  /** Integers, decimals, exponents, hex {@code 0x..}, bit {@code 0b..}, {@code X'..'} and {@code B'..'}. */
  NUMBER,
  /** Keyword or identifier. */
  WORD,
  OPERATOR,
  /** {@code ( ) , .} */
  PUNCTUATION,
  /** The statement terminator {@code ;}. */
  TERMINATOR,
  /** {@code ?}, {@code ?1}, {@code :name}, {@code $1}. */
  PARAMETER
}
