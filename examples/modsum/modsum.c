/* SPDX-License-Identifier: MIT */
/*
 * Prints the SHA-256 of every module the loader passed, in sha256sum's
 * format (digest, two spaces, the module's string, or moduleN where the
 * loader gives none), and exits with
 * success; with no module, a named error and exit code 1.
 *
 *     make run APP=examples/modsum INITRD=README.md
 */
#include <onepath/app.h>

#include "sha256.h"

#define EXIT_NO_MODULES 1

static int modsum(int argc, char **argv)
{
	const struct boot_params *params = app_boot_params();

	(void)argc;
	if (!params->module_count) {
		app_printf("%s: E_MODSUM_NO_MODULES: the loader passed no "
			   "module (make run INITRD=file)\n",
			   argv[0]);
		return EXIT_NO_MODULES;
	}
	for (uint32_t i = 0; i < params->module_count; i++) {
		uint8_t digest[SHA256_DIGEST_SIZE];
		char hex[2 * SHA256_DIGEST_SIZE + 1];
		size_t size;
		const uint8_t *bytes = app_module(i, &size);

		sha256(bytes, size, digest);
		for (size_t j = 0; j < SHA256_DIGEST_SIZE; j++)
			fmt_snprintf(hex + 2 * j, 3, "%02x", digest[j]);
		/* QEMU's PVH loader gives modules no string. */
		if (params->modules[i].cmdline[0])
			app_printf("%s  %s\n", hex, params->modules[i].cmdline);
		else
			app_printf("%s  module%u\n", hex, i);
	}
	return 0;
}

APP_MAIN(modsum);
