/* SPDX-License-Identifier: MIT */
/*
 * The app's argv from the words after "--" (kernel/app_args.c): any line
 * splits, or is refused with a named error, and never writes past its
 * storage; the words hold no separator unless quoted, and no quote.
 */
#include "fuzz_common.h"
#include "kernel/app_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app_args args;
	char message[128];
	char *line = malloc(size + 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	enum app_args_error error =
		app_args_split(line, "app", &args, message, sizeof(message));

	if (error == APP_ARGS_OK) {
		CHECK(message[0] == '\0');
		CHECK(args.argc >= 1 && args.argc <= APP_ARGS_MAX);
		CHECK(!strcmp(args.argv[0], "app"));
		CHECK(args.argv[args.argc] == NULL);
		for (int i = 1; i < args.argc; i++) {
			CHECK(strlen(args.argv[i]) <= APP_ARG_LENGTH_MAX);
			CHECK(!strchr(args.argv[i], '"'));
		}
	} else {
		CHECK(!strncmp(message, "E_APP_ARG", 9));
	}
	free(line);
	return 0;
}
