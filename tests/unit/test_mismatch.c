/* SPDX-License-Identifier: MIT */
/*
 * tools/mismatch on small objects compiled here, each case a few files at
 * the paths that make them common or private: what it must reject, with
 * which message, and what it must let through.  The kernel build runs it
 * on the real objects (the clean case) and tests/kernel_fixtures.sh on
 * the cr4_shadow_call fixture inside the real kernel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* The object flags that matter to the tool: sections per function. */
#define CFLAGS                                                                 \
	"-std=gnu11 -O2 -ffreestanding -fno-pic -fno-pie "                     \
	"-ffunction-sections -fdata-sections -I" ONEPATH_SOURCE_DIR

static char self[PATH_MAX]; /* this test binary, in build/host/ */
static char tool[PATH_MAX]; /* build/host/mismatch, beside it */
static char work[PATH_MAX]; /* this run's directory, beside it too */
static char here[PATH_MAX]; /* this case's, inside it */
static int case_number;
static char objects[8192]; /* the objects compiled for the case */
static char output[16384]; /* what the tool printed */

/* snprintf that fails the case rather than cut a path short. */
static void __attribute__((format(printf, 3, 4)))
fill(char *buffer, size_t size, const char *text, ...)
{
	va_list args;
	int length;

	va_start(args, text);
	length = vsnprintf(buffer, size, text, args);
	va_end(args);
	if (length < 0 || (size_t)length >= size)
		fail_msg("too long: %s", buffer);
}

static void __attribute__((format(printf, 1, 2))) shell(const char *text, ...)
{
	char command[16384];
	va_list args;
	int length;

	va_start(args, text);
	length = vsnprintf(command, sizeof(command), text, args);
	va_end(args);
	if (length < 0 || (size_t)length >= sizeof(command))
		fail_msg("command too long");
	if (system(command) != 0)
		fail_msg("failed: %s", command);
}

static int setup(void **state)
{
	(void)state;
	/* dirname() cuts self down to its directory, in place. */
	fill(tool, sizeof(tool), "%s/mismatch", dirname(self));
	fill(work, sizeof(work), "%s/mismatch-test.XXXXXX", self);
	return mkdtemp(work) ? 0 : -1;
}

static int teardown(void **state)
{
	char command[PATH_MAX + 16];

	(void)state;
	fill(command, sizeof(command), "rm -rf '%s'", work);
	return system(command) == 0 ? 0 : -1;
}

/* Each case starts from no objects, in a directory of its own. */
static int fresh(void **state)
{
	(void)state;
	objects[0] = '\0';
	fill(here, sizeof(here), "%s/%d", work, ++case_number);
	return 0;
}

/* Compiles source (a file) to <case>/obj/<path without .c>.o. */
static void compile_file(const char *source, const char *path)
{
	char object[PATH_MAX * 2];
	size_t used = strlen(objects);

	fill(object, sizeof(object), "%s/obj/%.*s.o", here,
	     (int)(strlen(path) - 2), path);
	shell("mkdir -p \"$(dirname '%s')\" && cc " CFLAGS " -c '%s' -o '%s'",
	      object, source, object);
	fill(objects + used, sizeof(objects) - used, " '%s'", object);
}

/* Writes text to <case>/src/<path> and compiles it. */
static void compile(const char *path, const char *text)
{
	char source[PATH_MAX * 2];
	FILE *f;

	fill(source, sizeof(source), "%s/src/%s", here, path);
	shell("mkdir -p \"$(dirname '%s')\"", source);
	f = fopen(source, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	compile_file(source, path);
}

/* Runs the tool on every object compiled so far; its exit status. */
static int run(const char *options)
{
	char command[sizeof(objects) + PATH_MAX * 2];
	size_t length;
	FILE *p;
	int status;

	fill(command, sizeof(command), "%s --root '%s/obj' %s %s 2>&1", tool,
	     here, options, objects);
	p = popen(command, "r");
	assert_non_null(p);
	length = fread(output, 1, sizeof(output) - 1, p);
	output[length] = '\0';
	status = pclose(p);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

#define assert_reports(text)                                                   \
	do {                                                                   \
		if (!strstr(output, text))                                     \
			fail_msg("no '%s' in:\n%s", text, output);             \
	} while (0)

static const char pc_helper[] =
	"#include <stdint.h>\n"
	"uint64_t pc_helper(void);\n"
	"uint64_t pc_value;\n"
	"uint64_t pc_helper(void) { return pc_value + 1; }\n";

static void the_fixture_is_rejected_naming_entry_and_symbol(void **state)
{
	const char *fixture = "tests/fixtures/kernel/cr4_shadow_call";
	char source[PATH_MAX], path[PATH_MAX];

	(void)state;
	fill(path, sizeof(path), "%s/platforms/pc/cr4_shadow.c", fixture);
	fill(source, sizeof(source), "%s/%s", ONEPATH_SOURCE_DIR, path);
	compile_file(source, path);
	fill(path, sizeof(path), "%s/kernel/cr4_user.c", fixture);
	fill(source, sizeof(source), "%s/%s", ONEPATH_SOURCE_DIR, path);
	compile_file(source, path);
	assert_int_equal(run(""), 1);
	assert_reports("E_SUBARCH_PRIVATE_REFERENCE: init entry cr4_user "
		       "(runs on PC|XEN) calls cr4_shadow_read through "
		       "cr4_user_init, which is PC-only code "
		       "(tests/fixtures/kernel/cr4_shadow_call/platforms/pc/"
		       "cr4_shadow.c); the entry is at ");
	assert_reports("/kernel/cr4_user.c:22\n");
	assert_reports(
		"E_SUBARCH_PRIVATE_REFERENCE: "
		"tests/fixtures/kernel/cr4_shadow_call/kernel/cr4_user.c:"
		" cr4_user_init references cr4_shadow_read, which is "
		"PC-only code");
}

static void private_code_and_its_own_entries_pass(void **state)
{
	(void)state;
	compile("platforms/pc/helper.c", pc_helper);
	compile("platforms/pc/user.c",
		"#include \"tables/init.h\"\n"
		"uint64_t pc_helper(void);\n"
		"static int pc_user_init(struct boot_params *p)\n"
		"{ (void)p; return pc_helper() ? 0 : -1; }\n"
		"INIT_ENTRY(pc_user, MEMORY, SUBARCH_PC, pc_user_init,"
		" INIT_NO_DEPS);\n");
	compile("kernel/common.c", "int common_helper(void);\n"
				   "int common_helper(void) { return 1; }\n");
	compile("kernel/caller.c",
		"int common_helper(void);\n"
		"int nowhere(void);\n"
		"int caller(void);\n"
		"int caller(void) { return common_helper() + nowhere(); }\n");
	assert_int_equal(run(""), 0);
	assert_string_equal(output, "");
}

static void common_data_use_of_private_data_is_named(void **state)
{
	(void)state;
	compile("platforms/pc/helper.c", pc_helper);
	compile("kernel/reader.c",
		"#include <stdint.h>\n"
		"extern uint64_t pc_value;\n"
		"uint64_t reader(void);\n"
		"uint64_t reader(void) { return pc_value; }\n");
	assert_int_equal(run(""), 1);
	assert_reports("E_SUBARCH_PRIVATE_REFERENCE: kernel/reader.c: reader "
		       "references pc_value, which is PC-only data "
		       "(platforms/pc/helper.c)");
}

static void one_subarch_calling_another_is_rejected(void **state)
{
	(void)state;
	compile("platforms/pc/helper.c", pc_helper);
	compile("platforms/xen/borrow.c",
		"#include <stdint.h>\n"
		"uint64_t pc_helper(void);\n"
		"uint64_t xen_borrow(void);\n"
		"uint64_t xen_borrow(void) { return pc_helper(); }\n");
	assert_int_equal(run(""), 1);
	assert_reports("E_SUBARCH_PRIVATE_REFERENCE: platforms/xen/borrow.c: "
		       "xen_borrow references pc_helper, which is PC-only code "
		       "(platforms/pc/helper.c)");
}

static void private_entry_claiming_another_subarch_is_rejected(void **state)
{
	(void)state;
	compile("platforms/pc/both.c",
		"#include \"tables/init.h\"\n"
		"static int pc_both_init(struct boot_params *p)\n"
		"{ (void)p; return 0; }\n"
		"INIT_ENTRY(pc_both, MEMORY, SUBARCH_PC | SUBARCH_XEN,"
		" pc_both_init, INIT_NO_DEPS);\n");
	assert_int_equal(run(""), 1);
	assert_reports("E_SUBARCH_PRIVATE_REFERENCE: init entry pc_both (runs "
		       "on PC|XEN) has routine pc_both_init, which is PC-only "
		       "code (platforms/pc/both.c)");
}

static void detect_routines_are_checked_too(void **state)
{
	(void)state;
	compile("platforms/xen/probe.c",
		"#include <stdbool.h>\n"
		"bool xen_probe(void);\n"
		"bool xen_probe(void) { return true; }\n");
	/* XEN only: calling XEN code is fine; on PC|XEN it is not. */
	compile("kernel/xen_only.c",
		"#include \"tables/init.h\"\n"
		"bool xen_probe(void);\n"
		"static int run_it(struct boot_params *p) { (void)p; return 0; "
		"}\n"
		"static bool xen_only_detect(const struct boot_params *p)\n"
		"{ (void)p; return xen_probe(); }\n"
		"INIT_ENTRY(xen_only, LATE, SUBARCH_XEN, run_it, INIT_NO_DEPS,"
		" .detect = xen_only_detect);\n"
		"static bool everywhere_detect(const struct boot_params *p)\n"
		"{ (void)p; return !xen_probe(); }\n"
		"INIT_ENTRY(everywhere, LATE, SUBARCH_ALL, run_it, "
		"INIT_NO_DEPS,"
		" .detect = everywhere_detect);\n");
	assert_int_equal(run(""), 1);
	assert_reports("init entry everywhere (runs on PC|XEN) calls xen_probe "
		       "through everywhere_detect, which is XEN-only code "
		       "(platforms/xen/probe.c)");
	if (strstr(output, "init entry xen_only"))
		fail_msg("xen_only runs on XEN only, yet:\n%s", output);
}

static void private_directories_can_be_named(void **state)
{
	(void)state;
	compile("vendor/pcish/helper.c", pc_helper);
	compile("platforms/pc/free.c", "int pc_free(void);\n"
				       "int pc_free(void) { return 2; }\n");
	compile("kernel/caller.c",
		"#include <stdint.h>\n"
		"uint64_t pc_helper(void);\n"
		"int pc_free(void);\n"
		"uint64_t caller(void);\n"
		"uint64_t caller(void) { return pc_helper() + pc_free(); }\n");
	/* An explicit list replaces the default one. */
	assert_int_equal(run("--private vendor/pcish/=PC"), 1);
	assert_reports("kernel/caller.c: caller references pc_helper, which is "
		       "PC-only code (vendor/pcish/helper.c)");
	if (strstr(output, "pc_free"))
		fail_msg("platforms/pc is not private under --private:\n%s",
			 output);
	assert_int_equal(run("--private vendor/pcish=ARM"), 2);
}

static void a_directory_is_whole_path_components(void **state)
{
	(void)state;
	compile("notplatforms/pc/helper.c", pc_helper);
	compile("kernel/caller.c",
		"#include <stdint.h>\n"
		"uint64_t pc_helper(void);\n"
		"uint64_t caller(void);\n"
		"uint64_t caller(void) { return pc_helper(); }\n");
	assert_int_equal(run(""), 0);
}

/* Every table that holds code is checked as the init table is. */
static void private_table_entries_claim_their_own_subarch(void **state)
{
	(void)state;
	compile("platforms/xen/tables.c",
		"#include \"kernel/console.h\"\n"
		"#include \"kernel/exit.h\"\n"
		"#include \"kernel/subarch_detect.h\"\n"
		"#include \"kernel/cmdline_option.h\"\n"
		"#include \"kernel/subarch.h\"\n"
		"static void w(const char *t, size_t n) { (void)t; (void)n; }\n"
		"static void off(bool f) { (void)f; }\n"
		"static bool probe(enum entry_protocol p) { return p; }\n"
		"static int parse(const char *v, size_t n, bool h)\n"
		"{ (void)v; (void)n; return h; }\n"
		"CONSOLE_ENTRY(xen_ok_console, 50) = { .name = \"ok\",\n"
		"  .subarchs = SUBARCH_XEN, .write = w };\n"
		"CONSOLE_ENTRY(xen_wide_console, 50) = { .name = \"wide\",\n"
		"  .subarchs = SUBARCH_PC | SUBARCH_XEN, .write = w };\n"
		"POWER_OFF_ENTRY(xen_nowhere_off) = { .name = \"nowhere\",\n"
		"  .power_off = off };\n"
		"SUBARCH_DETECTOR(xen_as_pc, 20) = { .name = \"as_pc\",\n"
		"  .subarch = SUBARCH_PC, .detect = probe };\n"
		"CMDLINE_OPTION(xen_option) = { .name = \"xen.opt\",\n"
		"  .parse = parse };\n");
	assert_int_equal(run(""), 1);
	assert_reports("E_SUBARCH_PRIVATE_REFERENCE: console wide (runs on "
		       "PC|XEN) is XEN-only code (platforms/xen/tables.c)");
	assert_reports("E_TABLE_NO_SUBARCH: power-off nowhere "
		       "(platforms/xen/tables.c) runs on no subarch");
	assert_reports(
		"E_SUBARCH_PRIVATE_REFERENCE: subarch detector as_pc "
		"(runs on PC) is XEN-only code (platforms/xen/tables.c)");
	assert_reports(
		"E_SUBARCH_PRIVATE_REFERENCE: command-line option "
		"xen.opt is declared in XEN-only code "
		"(platforms/xen/tables.c), but every subarch looks it up");
	if (strstr(output, "console ok"))
		fail_msg("a XEN console in XEN code is fine, yet:\n%s", output);
}

static const char board_setup[] =
	"#include \"tables/init.h\"\n"
	"int board_setup(void);\n"
	"__init int board_setup(void) { return 1; }\n"
	"__initconst const char board_name[] = \"board\";\n";

/* Linux modpost's check: kept code and data must not reach __init. */
static void kept_code_referring_to_init_is_rejected(void **state)
{
	(void)state;
	compile("kernel/setup.c", board_setup);
	compile("kernel/late.c",
		"int board_setup(void);\n"
		"extern const char board_name[];\n"
		"int late(void);\n"
		"int late(void) { return board_setup(); }\n"
		"const char *late_name(void);\n"
		"const char *late_name(void) { return board_name; }\n"
		"int (*const late_hook)(void) = board_setup;\n");
	assert_int_equal(run(""), 1);
	assert_reports(
		"E_INIT_SECTION_MISMATCH: kernel/late.c: late references "
		"board_setup, which is init-only code (kernel/setup.c, "
		"in .init.text): it is unmapped once init is complete");
	assert_reports("E_INIT_SECTION_MISMATCH: kernel/late.c: late_name "
		       "references board_name, which is init-only data "
		       "(kernel/setup.c, in .init.rodata)");
	assert_reports("E_INIT_SECTION_MISMATCH: kernel/late.c: late_hook "
		       "references board_setup");
}

/* __init code, the init table and __ref code may refer to __init. */
static void init_code_and_ref_code_may_refer_to_init(void **state)
{
	(void)state;
	compile("kernel/setup.c", board_setup);
	compile("kernel/early.c",
		"#include \"tables/init.h\"\n"
		"int board_setup(void);\n"
		"static __init int early_init(struct boot_params *p)\n"
		"{ (void)p; return board_setup() - 1; }\n"
		"INIT_ENTRY(early, EARLY, SUBARCH_ALL, early_init,"
		" INIT_NO_DEPS);\n"
		"INIT_ENTRY(later, LATE, SUBARCH_ALL, early_init,"
		" INIT_AFTER(early));\n"
		"int boot_path(void);\n"
		"__ref int boot_path(void) { return board_setup(); }\n");
	if (run("") != 0)
		fail_msg("rejected:\n%s", output);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			the_fixture_is_rejected_naming_entry_and_symbol, fresh),
		cmocka_unit_test_setup(private_code_and_its_own_entries_pass,
				       fresh),
		cmocka_unit_test_setup(common_data_use_of_private_data_is_named,
				       fresh),
		cmocka_unit_test_setup(one_subarch_calling_another_is_rejected,
				       fresh),
		cmocka_unit_test_setup(
			private_entry_claiming_another_subarch_is_rejected,
			fresh),
		cmocka_unit_test_setup(detect_routines_are_checked_too, fresh),
		cmocka_unit_test_setup(private_directories_can_be_named, fresh),
		cmocka_unit_test_setup(a_directory_is_whole_path_components,
				       fresh),
		cmocka_unit_test_setup(
			private_table_entries_claim_their_own_subarch, fresh),
		cmocka_unit_test_setup(kept_code_referring_to_init_is_rejected,
				       fresh),
		cmocka_unit_test_setup(init_code_and_ref_code_may_refer_to_init,
				       fresh),
	};

	(void)argc;
	if (!realpath(argv[0], self))
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
