/* test-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The positional JSON parser under the script loader: values, positions
 * in characters, and an exact position and a clear message for every
 * kind of syntax error.
 */
#include "config.h"

#include <string.h>

#include "vigie-json.h"
#include "vigie-script.h"

static VigieJsonDocument *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  VigieJsonDocument *doc = vigie_json_document_parse (text, strlen (text), 64, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
test_values (void)
{
  g_autoptr(VigieJsonDocument) doc =
    parse_ok ("{\"s\": \"a\\\"b\\\\c\\/\\n\\t\\u00e9\\ud83d\\ude91\", \"i\": -42, \"big\": 123456789012345678901,"
              " \"d\": 2.5e-1, \"z\": 0, \"t\": true, \"f\": false, \"n\": null,"
              " \"a\": [1, [], {}], \"o\": {\"k\": \"v\"}}");
  const VigieJsonValue *root = vigie_json_document_get_root (doc);
  const VigieJsonValue *v;

  g_assert_cmpint (root->type, ==, VIGIE_JSON_OBJECT);
  g_assert_cmpuint (root->length, ==, 10);

  v = vigie_json_object_get (root, "s");
  g_assert_cmpint (v->type, ==, VIGIE_JSON_STRING);
  g_assert_cmpstr (v->string, ==, "a\"b\\c/\n\té🚑");
  g_assert_cmpuint (v->length, ==, strlen ("a\"b\\c/\n\té🚑"));

  v = vigie_json_object_get (root, "i");
  g_assert_cmpint (v->type, ==, VIGIE_JSON_INTEGER);
  g_assert_cmpint (v->integer, ==, -42);
  /* Too big for 64 bits: kept as a number, not wrapped. */
  v = vigie_json_object_get (root, "big");
  g_assert_cmpint (v->type, ==, VIGIE_JSON_DOUBLE);
  g_assert_cmpfloat_with_epsilon (v->number, 1.23456789012345678901e20, 1e6);
  v = vigie_json_object_get (root, "d");
  g_assert_true (vigie_json_is_number (v));
  g_assert_cmpfloat (vigie_json_get_number (v), ==, 0.25);
  g_assert_cmpint (vigie_json_object_get (root, "z")->integer, ==, 0);
  g_assert_true (vigie_json_object_get (root, "t")->boolean);
  g_assert_cmpint (vigie_json_object_get (root, "f")->type, ==, VIGIE_JSON_BOOLEAN);
  g_assert_false (vigie_json_object_get (root, "f")->boolean);
  g_assert_cmpint (vigie_json_object_get (root, "n")->type, ==, VIGIE_JSON_NULL);

  v = vigie_json_object_get (root, "a");
  g_assert_cmpint (v->type, ==, VIGIE_JSON_ARRAY);
  g_assert_cmpuint (v->length, ==, 3);
  g_assert_cmpint (v->elements[0].integer, ==, 1);
  g_assert_cmpint (v->elements[1].type, ==, VIGIE_JSON_ARRAY);
  g_assert_cmpuint (v->elements[1].length, ==, 0);
  g_assert_cmpint (v->elements[2].type, ==, VIGIE_JSON_OBJECT);
  g_assert_cmpstr (vigie_json_object_get (vigie_json_object_get (root, "o"), "k")->string, ==, "v");

  g_assert_null (vigie_json_object_get (root, "missing"));
  g_assert_null (vigie_json_object_get (v, "k")); /* not an object */
}

static void
test_positions (void)
{
  /* Columns count characters, as editors do: "é" and "🚑" are one each;
   * a byte order mark is not a character of the first line. */
  g_autoptr(VigieJsonDocument) doc =
    parse_ok ("\xEF\xBB\xBF{\n"
              "  \"été\": \"🚑🚑\", \"next\": 3,\n"
              "\t\"list\": [\r\n"
              "    true,   \"x\"\n"
              "  ]\n"
              "}");
  const VigieJsonValue *root = vigie_json_document_get_root (doc);
  const VigieJsonMember *m;
  const VigieJsonValue *list;

  g_assert_cmpuint (root->line, ==, 1);
  g_assert_cmpuint (root->column, ==, 1);

  m = vigie_json_object_get_member (root, "été");
  g_assert_cmpuint (m->line, ==, 2);
  g_assert_cmpuint (m->column, ==, 3);
  g_assert_cmpuint (m->value.line, ==, 2);
  g_assert_cmpuint (m->value.column, ==, 10);

  m = vigie_json_object_get_member (root, "next");
  g_assert_cmpuint (m->line, ==, 2);
  g_assert_cmpuint (m->column, ==, 16);
  g_assert_cmpuint (m->value.column, ==, 24);

  m = vigie_json_object_get_member (root, "list");
  g_assert_cmpuint (m->line, ==, 3);
  g_assert_cmpuint (m->column, ==, 2);
  list = &m->value;
  g_assert_cmpuint (list->column, ==, 10);
  g_assert_cmpuint (list->elements[0].line, ==, 4);
  g_assert_cmpuint (list->elements[0].column, ==, 5);
  g_assert_cmpuint (list->elements[1].column, ==, 13);
}

typedef struct
{
  const char *text;
  guint       line;
  guint       column;
  int         code;
  const char *message;
} SyntaxCase;

static const SyntaxCase syntax_cases[] = {
  { "", 1, 1, VIGIE_JSON_ERROR_SYNTAX, "expected a value, found the end of the file" },
  { "{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, VIGIE_JSON_ERROR_SYNTAX, "expected “,” or “}”, found “\"”" },
  { "[1 2]", 1, 4, VIGIE_JSON_ERROR_SYNTAX, "expected “,” or “]”, found “2”" },
  { "{\"a\": 1,\n }", 1, 8, VIGIE_JSON_ERROR_SYNTAX, "a comma before “}” is not allowed" },
  { "[1,]", 1, 3, VIGIE_JSON_ERROR_SYNTAX, "a comma before “]” is not allowed" },
  { "{\"a\" 1}", 1, 6, VIGIE_JSON_ERROR_SYNTAX, "expected “:” after the field name, found “1”" },
  { "{a: 1}", 1, 2, VIGIE_JSON_ERROR_SYNTAX, "expected a field name in double quotes, found “a”" },
  { "{\"a\": tru}", 1, 7, VIGIE_JSON_ERROR_SYNTAX, "expected a value, found “tru”" },
  { "{\"a\": 'x'}", 1, 7, VIGIE_JSON_ERROR_SYNTAX, "expected a value, found “'”" },
  { "{\"a\": 1} // note", 1, 10, VIGIE_JSON_ERROR_SYNTAX, "comments are not allowed" },
  { "{\"a\": 1} {}", 1, 10, VIGIE_JSON_ERROR_SYNTAX, "expected the end of the file after the document" },
  { "{\"é\": \"x\ny\"}", 1, 9, VIGIE_JSON_ERROR_SYNTAX, "not closed before the end of the line" },
  { "{\"a\": \"abc", 1, 7, VIGIE_JSON_ERROR_SYNTAX, "this string is not closed" },
  { "[\"a\tb\"]", 1, 4, VIGIE_JSON_ERROR_SYNTAX, "control character in a string" },
  { "[\"\\x41\"]", 1, 3, VIGIE_JSON_ERROR_SYNTAX, "unknown escape in a string: “\\” followed by “x41”" },
  { "[\"\\u12G4\"]", 1, 3, VIGIE_JSON_ERROR_SYNTAX, "four hexadecimal digits" },
  { "[\"ok\", \"\\udc00\"]", 1, 9, VIGIE_JSON_ERROR_SYNTAX, "surrogate" },
  { "[\"\\u0000\"]", 1, 3, VIGIE_JSON_ERROR_SYNTAX, "“\\u0000” is not allowed" },
  { "[01]", 1, 2, VIGIE_JSON_ERROR_SYNTAX, "invalid number" },
  { "[1.]", 1, 2, VIGIE_JSON_ERROR_SYNTAX, "a digit must follow the decimal point" },
  { "[1e+]", 1, 2, VIGIE_JSON_ERROR_SYNTAX, "the exponent has no digits" },
  { "[-]", 1, 2, VIGIE_JSON_ERROR_SYNTAX, "invalid number" },
  { "[\"café\", \"caf\xE9\"]", 1, 14, VIGIE_JSON_ERROR_ENCODING, "not valid UTF-8 (byte 0xE9)" },
  { "\xFF\xFE{", 1, 1, VIGIE_JSON_ERROR_SYNTAX, "the byte 0xFF, which is not UTF-8" },
  { "[[[[[[[[[1]]]]]]]]]", 1, 5, VIGIE_JSON_ERROR_DEPTH, "nested deeper than 4 levels" },
};

static void
test_syntax_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    {
      const SyntaxCase *c = &syntax_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(VigieJsonDocument) doc = NULL;
      guint line = 0, column = 0;

      doc = vigie_json_document_parse (c->text, strlen (c->text), strstr (c->text, "[[[[[") ? 4 : 64,
                                       &line, &column, &error);
      g_test_message ("case %u → %s", i, error ? error->message : "parsed");
      g_assert_null (doc);
      g_assert_error (error, VIGIE_JSON_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, c->message));
      g_assert_cmpuint (line, ==, c->line);
      g_assert_cmpuint (column, ==, c->column);
    }
}

/* A recursive parser would overflow its stack long before this. */
static void
test_hostile_depth (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieJsonDocument) doc = NULL;
  guint line = 0, column = 0;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, '[');
  doc = vigie_json_document_parse (text->str, text->len, 64, &line, &column, &error);
  g_assert_null (doc);
  g_assert_error (error, VIGIE_JSON_ERROR, VIGIE_JSON_ERROR_DEPTH);
  g_assert_cmpuint (column, ==, 65);

  /* Without a limit it must still finish and fail cleanly (truncated). */
  g_clear_error (&error);
  doc = vigie_json_document_parse (text->str, text->len, G_MAXUINT, &line, &column, &error);
  g_assert_null (doc);
  g_assert_error (error, VIGIE_JSON_ERROR, VIGIE_JSON_ERROR_SYNTAX);
}

/* Not NUL-terminated: the parser must never read past @length. */
static void
test_bounded (void)
{
  const char *text = "{\"a\": [1, 2, \"xyz\"]} trailing garbage";
  gsize length = strlen ("{\"a\": [1, 2, \"xyz\"]}");

  for (gsize n = 0; n <= length; n++)
    {
      g_autofree char *copy = g_memdup2 (text, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(VigieJsonDocument) doc = vigie_json_document_parse (copy, n, 64, NULL, NULL, &error);

      if (n == length)
        g_assert_no_error (error);
      else
        g_assert_nonnull (error);
    }
}

/* Duplicate names are valid JSON but ambiguous in a script: the loader
 * reports the second one where it is written, with the first one's line. */
static void
test_duplicate_field (void)
{
  const char *text =
    "{\n"
    "  \"id\": \"dup\",\n"
    "  \"start\": \"a\",\n"
    "  \"nodes\": [\n"
    "    { \"id\": \"a\", \"type\": \"outcome\",\n"
    "      \"decision\": \"log\", \"decision\": \"trigger\" }\n"
    "  ],\n"
    "  \"id\": \"again\"\n"
    "}\n";
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load_from_data ("dup.json", text, strlen (text), &diagnostics, &error);
  const VigieScriptDiagnostic *d;

  g_assert_null (script);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  d = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpint (d->code, ==, VIGIE_SCRIPT_ERROR_DUPLICATE_ID);
  g_assert_cmpuint (d->line, ==, 6);
  g_assert_cmpuint (d->column, ==, 26);
  g_assert_cmpstr (d->node_id, ==, "a");
  g_assert_nonnull (strstr (d->message, "“decision” is given twice (first at line 6)"));
  d = g_ptr_array_index (diagnostics, 1);
  g_assert_cmpuint (d->line, ==, 8);
  g_assert_cmpuint (d->column, ==, 3);
  g_assert_nonnull (strstr (d->message, "“id” is given twice (first at line 2)"));
}

static void
test_empty_script (void)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigieScript) script = vigie_script_load_from_data ("empty.json", " \n\t\n", 4, &diagnostics, &error);

  g_assert_null (script);
  g_assert_error (error, VIGIE_SCRIPT_ERROR, VIGIE_SCRIPT_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "empty.json:1:1: error: the file is empty"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json/values", test_values);
  g_test_add_func ("/json/positions", test_positions);
  g_test_add_func ("/json/syntax-errors", test_syntax_errors);
  g_test_add_func ("/json/hostile-depth", test_hostile_depth);
  g_test_add_func ("/json/bounded", test_bounded);
  g_test_add_func ("/json/duplicate-field", test_duplicate_field);
  g_test_add_func ("/json/empty-script", test_empty_script);

  return g_test_run ();
}
