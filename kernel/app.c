/* SPDX-License-Identifier: MIT */
/*
 * The application: its argv from the words after "--", its main run once
 * init is complete, and its exit.  The argv are split at init (level
 * CMDLINE, after cmdline), so a bad one stops the boot before anything
 * else runs, with its named error.
 */
#include "app_args.h"
#include "app_console.h"
#include "exit.h"
#include "log.h"
#include "panic.h"
#include "status.h"
#include "../include/onepath/app.h"
#include "../tables/init.h"

TABLE_EXPORT_BOUNDS(APP_MAINS, app_main_bounds);

static struct app_args args;

static const struct app_main *the_app(void)
{
	size_t count = TABLE_COUNT(APP_MAINS);

	if (count > 1)
		panic("E_APP_MAIN_DUPLICATE: the image has %zu APP_MAIN "
		      "entries, %s and %s; at most one may run",
		      count, TABLE_START(APP_MAINS)[0].name,
		      TABLE_START(APP_MAINS)[1].name);
	return count ? TABLE_START(APP_MAINS) : NULL;
}

static __init int app_args_init(struct boot_params *params)
{
	const struct app_main *app = the_app();
	char message[128];

	(void)params;
	if (!app) {
		if (!app_args_line)
			return STATUS_OK;
		log_err("app: E_APP_NONE: arguments after --, but this image "
			"has no APP_MAIN (build it with make APP=dir)");
		return STATUS_EINVAL;
	}
	if (app_args_split(app_args_line, app->name, &args, message,
			   sizeof(message))) {
		log_err("app: %s", message);
		return STATUS_EINVAL;
	}
	log_info("app: %s, argc %d", app->name, args.argc);
	return STATUS_OK;
}

INIT_ENTRY(app_args, CMDLINE, SUBARCH_ALL, app_args_init, INIT_AFTER(cmdline),
	   .flags = INIT_CRITICAL);

void app_exit(int code)
{
	app_console_flush();
	exit_orderly(code);
}

void app_run(void)
{
	const struct app_main *app = the_app();

	if (!app)
		exit_orderly(EXIT_SUCCESS_CODE);
	log_info("app: %s: running", app->name);
	app_exit(app->main(args.argc, args.argv));
}
