/* SPDX-License-Identifier: MIT */
/*
 * mismatch: reads the kernel's relocatable objects before they are linked
 * and rejects code that reaches into another subarch's private code.  The
 * init-table verifier (tools/inittab) sees which entry runs where; only
 * the objects' relocations show what each routine actually calls, so a
 * common entry calling a PC-only helper (the cr4-shadow mistake done at
 * the code level) is caught here.
 *
 *     mismatch [--root DIR] [--private DIR=SUBARCH]... OBJECT...
 *
 * An object is private to a subarch when its path holds the directory of
 * one, as a sequence of whole components: by default platforms/<folder>/
 * of every subarch in platforms/subarch_list.h (platforms/pc/ is PC's),
 * wherever in the path they appear, so a test
 * fixture's platforms/pc/x.c is as private as the real ones.  Every other
 * object is common.  --root names the object directory of the build: an
 * object below it is called by its source path in messages.
 *
 * Errors, one line each, all named E_SUBARCH_PRIVATE_REFERENCE:
 *  - common code, or code private to one subarch, refers to a symbol
 *    defined in an object private to another subarch:
 *        SOURCE: FUNCTION references SYMBOL, which is PC-only code (SOURCE)
 *  - an init entry that runs on subarch S has an init or detect routine
 *    that is, or directly refers to, code private to a subarch other
 *    than S:
 *        init entry NAME (runs on PC|XEN) calls SYMBOL through ROUTINE,
 *        which is PC-only code (SOURCE); the entry is at FILE:LINE
 *
 * Symbols defined in none of the objects are left to the linker.  Exit
 * status: 0 clean, 1 an error above, 2 bad arguments or unreadable input.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tool.h"
#include "kernel/cmdline_option.h"
#include "kernel/console.h"
#include "kernel/exit.h"
#include "kernel/subarch.h"
#include "kernel/subarch_detect.h"
#include "tables/init.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_MISMATCH = 1,
	EXIT_USAGE = 2,
};

_Static_assert(sizeof(void *) == 8 && sizeof(long) == 8 &&
		       __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "mismatch reads x86-64 entries with the host's struct "
	       "init_entry: build it for an LP64 little-endian host");

/* Where the fields read here sit in an entry's bytes. */
#define ENTRY_NAME offsetof(struct init_entry, name)
#define ENTRY_FILE offsetof(struct init_entry, file)
#define ENTRY_INIT offsetof(struct init_entry, init)
#define ENTRY_DETECT offsetof(struct init_entry, detect)
#define ENTRY_SUBARCHS offsetof(struct init_entry, subarchs)
#define ENTRY_LINE offsetof(struct init_entry, line)
_Static_assert(ENTRY_NAME == 0 && ENTRY_FILE == 8 && ENTRY_INIT == 24 &&
		       ENTRY_DETECT == 32 && ENTRY_SUBARCHS == 52 &&
		       ENTRY_LINE == 60 && sizeof(struct init_entry) == 72,
	       "struct init_entry moved: the x86-64 layout read here changed");

#define INIT_SECTION_PREFIX ".tbl.init."

#define COMMON (-1)

struct private_dir {
	const char *dir; /* "platforms/pc", no trailing slash */
	int subarch;     /* index into subarch_names[] */
};

#define MAX_PRIVATE_DIRS 16

/* platforms/<folder> for every subarch of platforms/subarch_list.h. */
static const struct private_dir default_private_dirs[] = {
#define SUBARCH(name, folder) { "platforms/" #folder, SUBARCH_INDEX_##name },
#include "platforms/subarch_list.h"
#undef SUBARCH
};

struct section {
	const char *name; /* owned by libelf */
	GElf_Shdr shdr;
	Elf_Data *data; /* NULL for SHT_NOBITS */
	size_t rela;    /* the SHT_RELA section applying to it, 0: none */
};

struct object {
	const char *path;
	char *source; /* how messages call it */
	int subarch;  /* index into subarch_names[], or COMMON */
	int fd;
	Elf *elf;
	struct section *sections;
	size_t section_count;
	GElf_Sym *symbols;
	const char **symbol_names;
	size_t symbol_count;
	bool slim_lto; /* GIMPLE only: no code or relocations to read */
};

/* A symbol some object defines for the others to use. */
struct definition {
	const char *name;
	size_t object;
	size_t symbol;
};

/* A place in an object: a section and an offset into it. */
struct place {
	size_t object;
	size_t section;
	uint64_t offset;
};

static struct object *objects;
static size_t object_count;
static struct definition *definitions;
static size_t definition_count;

/* Messages already printed: one reference used twice is one error. */
static char **reported;
static size_t reported_count;

/* Prints a finding, named, once; returns whether it was new. */
static bool __attribute__((format(printf, 2, 0)))
report_args(const char *name, const char *format, va_list args)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s: ", name);
	vsnprintf(line + strlen(line), sizeof(line) - strlen(line), format,
		  args);
	for (size_t i = 0; i < reported_count; i++)
		if (strcmp(reported[i], line) == 0)
			return false;
	reported = xrealloc(reported, (reported_count + 1) * sizeof(*reported));
	reported[reported_count++] = xstrdup(line);
	printf("%s\n", line);
	return true;
}

static bool __attribute__((format(printf, 2, 3)))
report_as(const char *name, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	bool fresh = report_args(name, format, args);
	va_end(args);
	return fresh;
}

/* The finding most checks make: code reaching another subarch's. */
static bool __attribute__((format(printf, 1, 2)))
report(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	bool fresh = report_args("E_SUBARCH_PRIVATE_REFERENCE", format, args);
	va_end(args);
	return fresh;
}

static int subarch_by_name(const char *name)
{
	for (size_t i = 0; i < SUBARCH_COUNT; i++)
		if (strcasecmp(subarch_names[i].name, name) == 0)
			return (int)i;
	return COMMON;
}

/* --- classifying objects ------------------------------------------------- */

/*
 * The subarch whose directory the path lies in: "DIR/" matched at the
 * start of the path or after a '/', the innermost match winning.
 */
static int classify(const char *path, const struct private_dir *dirs,
		    size_t dir_count)
{
	const char *best = NULL;
	int subarch = COMMON;

	for (size_t i = 0; i < dir_count; i++) {
		size_t length = strlen(dirs[i].dir);

		for (const char *at = strstr(path, dirs[i].dir); at;
		     at = strstr(at + 1, dirs[i].dir)) {
			if ((at != path && at[-1] != '/') || at[length] != '/')
				continue;
			if (!best || at > best) {
				best = at;
				subarch = dirs[i].subarch;
			}
		}
	}
	return subarch;
}

/* build/kernel/kernel/x.o is kernel/x.c, build/kernel/boot/y.asm.o is
 * boot/y.asm: objects below root are named after their source. */
static char *source_name(const char *path, const char *root)
{
	size_t root_length = root ? strlen(root) : 0;

	while (root_length && root[root_length - 1] == '/')
		root_length--;
	if (!root || strncmp(path, root, root_length) != 0 ||
	    path[root_length] != '/')
		return xstrdup(path);
	path += root_length + 1;

	size_t length = strlen(path);
	char *name = xcalloc(length + 2, 1);

	memcpy(name, path, length);
	if (length > 6 && strcmp(name + length - 6, ".asm.o") == 0)
		name[length - 2] = '\0';
	else if (length > 2 && strcmp(name + length - 2, ".o") == 0)
		name[length - 1] = 'c';
	return name;
}

/* --- reading objects ----------------------------------------------------- */

static int object_open(struct object *obj, const char *path)
{
	GElf_Ehdr ehdr;
	size_t shstrndx;

	obj->path = path;
	if (open_x86_64_elf(path, ET_REL, "a relocatable x86-64 ELF object",
			    &obj->fd, &obj->elf, &ehdr))
		return -1;
	if (elf_getshdrnum(obj->elf, &obj->section_count) != 0 ||
	    elf_getshdrstrndx(obj->elf, &shstrndx) != 0) {
		error("%s: cannot read sections (%s)", path, elf_errmsg(-1));
		return -1;
	}
	obj->sections = xcalloc(obj->section_count, sizeof(*obj->sections));
	for (size_t i = 1; i < obj->section_count; i++) {
		struct section *s = &obj->sections[i];
		Elf_Scn *scn = elf_getscn(obj->elf, i);

		if (!scn || !gelf_getshdr(scn, &s->shdr)) {
			error("%s: bad section %zu (%s)", path, i,
			      elf_errmsg(-1));
			return -1;
		}
		s->name = elf_strptr(obj->elf, shstrndx, s->shdr.sh_name);
		if (!s->name)
			s->name = "";
		if (strncmp(s->name, ".gnu.lto_", 9) == 0)
			obj->slim_lto = true;
		if (s->shdr.sh_type != SHT_NOBITS)
			s->data = elf_getdata(scn, NULL);
	}
	for (size_t i = 1; i < obj->section_count; i++) {
		const GElf_Shdr *shdr = &obj->sections[i].shdr;

		if (shdr->sh_type == SHT_RELA &&
		    shdr->sh_info < obj->section_count)
			obj->sections[shdr->sh_info].rela = i;
		if (shdr->sh_type != SHT_SYMTAB || !shdr->sh_entsize ||
		    !obj->sections[i].data)
			continue;
		obj->symbol_count = shdr->sh_size / shdr->sh_entsize;
		obj->symbols =
			xcalloc(obj->symbol_count, sizeof(*obj->symbols));
		obj->symbol_names =
			xcalloc(obj->symbol_count, sizeof(*obj->symbol_names));
		for (size_t k = 0; k < obj->symbol_count; k++) {
			GElf_Sym *sym = &obj->symbols[k];
			const char *name;

			if (!gelf_getsym(obj->sections[i].data, (int)k, sym)) {
				error("%s: bad symbol %zu", path, k);
				return -1;
			}
			name = elf_strptr(obj->elf, shdr->sh_link,
					  sym->st_name);
			obj->symbol_names[k] = name ? name : "";
			if (strcmp(obj->symbol_names[k], "__gnu_lto_slim") == 0)
				obj->slim_lto = true;
		}
	}
	/* A fat LTO object also holds real code: check that. */
	if (obj->slim_lto) {
		for (size_t i = 1; i < obj->section_count; i++)
			if (obj->sections[i].shdr.sh_flags & SHF_EXECINSTR &&
			    obj->sections[i].shdr.sh_size)
				obj->slim_lto = false;
	}
	return 0;
}

static void object_close(struct object *obj)
{
	free(obj->source);
	free(obj->sections);
	free(obj->symbols);
	free(obj->symbol_names);
	if (obj->elf)
		elf_end(obj->elf);
	if (obj->fd >= 0)
		close(obj->fd);
}

static bool symbol_defined(const GElf_Sym *sym)
{
	return sym->st_shndx != SHN_UNDEF;
}

static size_t rela_count(const struct section *rela)
{
	return rela->shdr.sh_size / (rela->shdr.sh_entsize
					     ? rela->shdr.sh_entsize
					     : sizeof(GElf_Rela));
}

static int compare_definitions(const void *a, const void *b)
{
	return strcmp(((const struct definition *)a)->name,
		      ((const struct definition *)b)->name);
}

/* Every global or weak symbol defined, by name; a global one wins over a
 * weak one of the same name, as in the linker. */
static void collect_definitions(void)
{
	size_t total = 0;

	for (size_t o = 0; o < object_count; o++)
		total += objects[o].symbol_count;
	definitions = xcalloc(total, sizeof(*definitions));
	for (size_t o = 0; o < object_count; o++) {
		for (size_t k = 0; k < objects[o].symbol_count; k++) {
			const GElf_Sym *sym = &objects[o].symbols[k];
			unsigned char bind = GELF_ST_BIND(sym->st_info);

			if (!symbol_defined(sym) ||
			    (bind != STB_GLOBAL && bind != STB_WEAK) ||
			    !*objects[o].symbol_names[k])
				continue;
			definitions[definition_count++] = (struct definition){
				.name = objects[o].symbol_names[k],
				.object = o,
				.symbol = k,
			};
		}
	}
	qsort(definitions, definition_count, sizeof(*definitions),
	      compare_definitions);
}

static const struct definition *find_definition(const char *name)
{
	struct definition key = { .name = name };
	const struct definition *d =
		bsearch(&key, definitions, definition_count,
			sizeof(*definitions), compare_definitions);

	if (!d)
		return NULL;
	while (d > definitions && strcmp(d[-1].name, name) == 0)
		d--;
	for (const struct definition *g = d;
	     g < definitions + definition_count && strcmp(g->name, name) == 0;
	     g++) {
		const GElf_Sym *sym = &objects[g->object].symbols[g->symbol];

		if (GELF_ST_BIND(sym->st_info) == STB_GLOBAL)
			return g;
	}
	return d;
}

/*
 * The function or data object of an object's section covering offset;
 * a symbol starting exactly there wins over one that merely covers it.
 */
static const char *symbol_covering(const struct object *obj, size_t section,
				   uint64_t offset)
{
	const char *covering = NULL;

	for (size_t k = 0; k < obj->symbol_count; k++) {
		const GElf_Sym *sym = &obj->symbols[k];
		unsigned char type = GELF_ST_TYPE(sym->st_info);

		if (sym->st_shndx != section ||
		    (type != STT_FUNC && type != STT_OBJECT &&
		     type != STT_NOTYPE) ||
		    !*obj->symbol_names[k])
			continue;
		if (sym->st_value == offset)
			return obj->symbol_names[k];
		if (offset > sym->st_value &&
		    offset - sym->st_value < sym->st_size)
			covering = obj->symbol_names[k];
	}
	return covering;
}

/* ".text.cr4_user_init" -> "cr4_user_init": -ffunction-sections and
 * -fdata-sections name a section after its only symbol. */
static const char *section_suffix(const char *name)
{
	static const char *const prefixes[] = { ".text.", ".rodata.", ".data.",
						".bss." };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t length = strlen(prefixes[i]);

		if (strncmp(name, prefixes[i], length) == 0 && name[length])
			return name + length;
	}
	return name;
}

/* Who, in an object, makes the reference at offset of section. */
static const char *referrer(const struct object *obj, size_t section,
			    uint64_t offset)
{
	const char *name = symbol_covering(obj, section, offset);

	return name ? name : section_suffix(obj->sections[section].name);
}

static bool is_code(const struct object *obj, const GElf_Sym *sym)
{
	return GELF_ST_TYPE(sym->st_info) == STT_FUNC ||
	       (sym->st_shndx < obj->section_count &&
		obj->sections[sym->st_shndx].shdr.sh_flags & SHF_EXECINSTR);
}

/* --- the checks ---------------------------------------------------------- */

/*
 * Calls visit for every relocation of every object that patches an
 * allocated section (what the image will hold): the object, the section
 * patched and the relocation.
 */
static void each_relocation(void (*visit)(size_t o, size_t target,
					  const GElf_Rela *rel))
{
	for (size_t o = 0; o < object_count; o++) {
		const struct object *obj = &objects[o];

		for (size_t s = 1; s < obj->section_count; s++) {
			const struct section *rela = &obj->sections[s];
			size_t target = rela->shdr.sh_info;

			if (rela->shdr.sh_type != SHT_RELA || !rela->data ||
			    target >= obj->section_count ||
			    !(obj->sections[target].shdr.sh_flags & SHF_ALLOC))
				continue;
			for (size_t r = 0; r < rela_count(rela); r++) {
				GElf_Rela rel;

				if (gelf_getrela(rela->data, (int)r, &rel))
					visit(o, target, &rel);
			}
		}
	}
}

/* Pass 1: every reference out of an object to another subarch's object. */
static void check_reference(size_t o, size_t target, const GElf_Rela *rel)
{
	const struct object *obj = &objects[o];
	size_t k = GELF_R_SYM(rel->r_info);

	if (k >= obj->symbol_count || symbol_defined(&obj->symbols[k]))
		return;
	const struct definition *d = find_definition(obj->symbol_names[k]);
	if (!d)
		return;
	const struct object *def = &objects[d->object];
	if (def->subarch == COMMON || def->subarch == obj->subarch)
		return;
	report("%s: %s references %s, which is %s-only %s (%s)", obj->source,
	       referrer(obj, target, rel->r_offset), d->name,
	       subarch_names[def->subarch].name,
	       is_code(def, &def->symbols[d->symbol]) ? "code" : "data",
	       def->source);
}

static void check_references(void)
{
	each_relocation(check_reference);
}

/* The relocation of a section applying at offset, if any. */
static bool relocation_at(const struct object *obj, size_t section,
			  uint64_t offset, GElf_Rela *out)
{
	const struct section *rela;

	if (!obj->sections[section].rela)
		return false;
	rela = &obj->sections[obj->sections[section].rela];
	if (!rela->data)
		return false;
	for (size_t r = 0; r < rela_count(rela); r++)
		if (gelf_getrela(rela->data, (int)r, out) &&
		    out->r_offset == offset)
			return true;
	return false;
}

/*
 * The symbol a relocation of object o names, followed to its definition
 * when it is defined in another object: that object, the symbol and its
 * name.  False for what has no section of ours (absolute, common,
 * undefined everywhere).
 */
static bool relocation_symbol(size_t o, const GElf_Rela *rel, size_t *object,
			      const GElf_Sym **symbol, const char **name)
{
	const struct object *obj = &objects[o];
	size_t k = GELF_R_SYM(rel->r_info);

	if (k >= obj->symbol_count)
		return false;
	const GElf_Sym *sym = &obj->symbols[k];
	*name = obj->symbol_names[k];
	*object = o;
	if (!symbol_defined(sym)) {
		const struct definition *d = find_definition(*name);

		if (!d)
			return false;
		*object = d->object;
		sym = &objects[d->object].symbols[d->symbol];
	}
	if (sym->st_shndx == SHN_ABS || sym->st_shndx == SHN_COMMON ||
	    sym->st_shndx >= objects[*object].section_count)
		return false;
	*symbol = sym;
	return true;
}

/* Where an absolute pointer stored at offset of section points to. */
static bool pointer_target(size_t object, size_t section, uint64_t offset,
			   struct place *out, const char **name)
{
	const GElf_Sym *sym;
	GElf_Rela rel;

	if (!relocation_at(&objects[object], section, offset, &rel) ||
	    !relocation_symbol(object, &rel, &object, &sym, name))
		return false;
	*out = (struct place){
		.object = object,
		.section = sym->st_shndx,
		.offset = sym->st_value + (uint64_t)rel.r_addend,
	};
	/* A local routine is reached through its section's symbol. */
	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION || !**name)
		*name = symbol_covering(&objects[object], out->section,
					out->offset);
	return *name != NULL;
}

/* The C string an entry's pointer at offset of section leads to. */
static const char *entry_string(size_t object, size_t section, uint64_t offset)
{
	const struct object *obj = &objects[object];
	struct place at;
	GElf_Rela rel;

	/* Not pointer_target(): a string has no symbol of its own. */
	if (!relocation_at(obj, section, offset, &rel))
		return NULL;
	size_t k = GELF_R_SYM(rel.r_info);
	if (k >= obj->symbol_count || !symbol_defined(&obj->symbols[k]))
		return NULL;
	at.section = obj->symbols[k].st_shndx;
	at.offset = obj->symbols[k].st_value + (uint64_t)rel.r_addend;
	if (at.section >= obj->section_count)
		return NULL;
	const Elf_Data *data = obj->sections[at.section].data;
	if (!data || !data->d_buf || at.offset >= data->d_size)
		return NULL;
	const char *text = (const char *)data->d_buf + at.offset;
	if (!memchr(text, '\0', data->d_size - at.offset))
		return NULL;
	return text;
}

struct entry {
	const char *name;
	const char *file;
	uint32_t line;
	uint32_t subarchs;
	char runs_on[32];
};

/* The subarchs of set other than the one code is private to. */
static bool runs_elsewhere(uint32_t set, int subarch)
{
	return (set & ~subarch_names[subarch].bit) != 0;
}

/* One init or detect routine of an entry: itself, then what it refers to. */
static void check_routine(const struct entry *e, const struct place *at,
			  const char *routine)
{
	const struct object *obj = &objects[at->object];
	const struct section *code = &obj->sections[at->section];
	uint64_t start = at->offset, end = code->shdr.sh_size;

	if (obj->subarch != COMMON &&
	    runs_elsewhere(e->subarchs, obj->subarch)) {
		report("init entry %s (runs on %s) has routine %s, which is "
		       "%s-only code (%s); the entry is at %s:%u",
		       e->name, e->runs_on, routine,
		       subarch_names[obj->subarch].name, obj->source, e->file,
		       e->line);
		return;
	}
	for (size_t k = 0; k < obj->symbol_count; k++) {
		const GElf_Sym *sym = &obj->symbols[k];

		if (sym->st_shndx == at->section &&
		    GELF_ST_TYPE(sym->st_info) == STT_FUNC &&
		    sym->st_value == start && sym->st_size)
			end = start + sym->st_size;
	}
	if (!code->rela || !obj->sections[code->rela].data)
		return;
	const struct section *rela = &obj->sections[code->rela];
	for (size_t r = 0; r < rela_count(rela); r++) {
		GElf_Rela rel;

		if (!gelf_getrela(rela->data, (int)r, &rel) ||
		    rel.r_offset < start || rel.r_offset >= end)
			continue;
		size_t k = GELF_R_SYM(rel.r_info);
		if (k >= obj->symbol_count || symbol_defined(&obj->symbols[k]))
			continue;
		const struct definition *d =
			find_definition(obj->symbol_names[k]);
		if (!d)
			continue;
		const struct object *def = &objects[d->object];
		if (def->subarch == COMMON ||
		    !runs_elsewhere(e->subarchs, def->subarch))
			continue;
		bool code_target = is_code(def, &def->symbols[d->symbol]);

		report("init entry %s (runs on %s) %s %s through %s, which is "
		       "%s-only %s (%s); the entry is at %s:%u",
		       e->name, e->runs_on, code_target ? "calls" : "uses",
		       d->name, routine, subarch_names[def->subarch].name,
		       code_target ? "code" : "data", def->source, e->file,
		       e->line);
	}
}

/* The entry at offset base of section s of an object. */
static void check_entry(size_t o, size_t s, uint64_t base)
{
	const struct object *obj = &objects[o];
	const unsigned char *bytes =
		(const unsigned char *)obj->sections[s].data->d_buf + base;
	const uint64_t routines[] = { ENTRY_INIT, ENTRY_DETECT };
	struct entry e = { 0 };

	memcpy(&e.subarchs, bytes + ENTRY_SUBARCHS, sizeof(e.subarchs));
	memcpy(&e.line, bytes + ENTRY_LINE, sizeof(e.line));
	e.name = entry_string(o, s, base + ENTRY_NAME);
	if (!e.name)
		e.name = referrer(obj, s, base);
	e.file = entry_string(o, s, base + ENTRY_FILE);
	if (!e.file)
		e.file = obj->source;
	subarch_set_format(e.runs_on, sizeof(e.runs_on), e.subarchs);
	for (size_t i = 0; i < sizeof(routines) / sizeof(routines[0]); i++) {
		struct place at;
		const char *routine;

		if (pointer_target(o, s, base + routines[i], &at, &routine))
			check_routine(&e, &at, routine);
	}
}

/* Pass 2: each init entry's routines against the subarchs it runs on. */
static void check_entries(void)
{
	for (size_t o = 0; o < object_count; o++) {
		const struct object *obj = &objects[o];

		for (size_t s = 1; s < obj->section_count; s++) {
			const struct section *sec = &obj->sections[s];

			if (strncmp(sec->name, INIT_SECTION_PREFIX,
				    strlen(INIT_SECTION_PREFIX)) != 0 ||
			    !sec->data || !sec->data->d_buf)
				continue;
			for (uint64_t base = 0;
			     base + sizeof(struct init_entry) <=
			     sec->data->d_size;
			     base += sizeof(struct init_entry))
				check_entry(o, s, base);
		}
	}
}

/*
 * Pass 3: the other tables that hold code.  Each entry names the subarchs
 * it runs on (a detector, the one it claims), and one declared in
 * platforms/<s>/ is code that exists on s only: it must name s and
 * nothing else, as an init entry must.  Command-line options name none:
 * every subarch looks them up, so none may be private code.
 */
#define NO_FIELD SIZE_MAX

static const struct code_table {
	const char *what;
	const char *prefix; /* of its entries' sections */
	size_t size;        /* of an entry */
	size_t name;        /* offset of its name */
	size_t subarchs; /* offset of its uint32_t subarch set, or NO_FIELD */
} code_tables[] = {
	{ "console", ".tbl.consoles.", sizeof(struct console),
	  offsetof(struct console, name), offsetof(struct console, subarchs) },
	{ "power-off", ".tbl.power_off.", sizeof(struct power_off),
	  offsetof(struct power_off, name),
	  offsetof(struct power_off, subarchs) },
	{ "subarch detector", ".tbl.subarch_detectors.",
	  sizeof(struct subarch_detector),
	  offsetof(struct subarch_detector, name),
	  offsetof(struct subarch_detector, subarch) },
	{ "command-line option", ".tbl.cmdline_options.",
	  sizeof(struct cmdline_option), offsetof(struct cmdline_option, name),
	  NO_FIELD },
};

static void check_table_entry(const struct code_table *table, size_t o,
			      size_t s, uint64_t base)
{
	const struct object *obj = &objects[o];
	const unsigned char *bytes =
		(const unsigned char *)obj->sections[s].data->d_buf + base;
	const char *name = entry_string(o, s, base + table->name);
	uint32_t set = 0;
	char runs_on[32];

	if (!name)
		name = referrer(obj, s, base);
	if (table->subarchs == NO_FIELD) {
		if (obj->subarch != COMMON)
			report("%s %s is declared in %s-only code (%s), but "
			       "every subarch looks it up: declare it in "
			       "common code",
			       table->what, name,
			       subarch_names[obj->subarch].name, obj->source);
		return;
	}
	memcpy(&set, bytes + table->subarchs, sizeof(set));
	subarch_set_format(runs_on, sizeof(runs_on), set);
	if (!set)
		report_as("E_TABLE_NO_SUBARCH",
			  "%s %s (%s) runs on no subarch: name the ones it "
			  "runs on",
			  table->what, name, obj->source);
	else if (obj->subarch != COMMON && runs_elsewhere(set, obj->subarch))
		report("%s %s (runs on %s) is %s-only code (%s)", table->what,
		       name, runs_on, subarch_names[obj->subarch].name,
		       obj->source);
}

static void check_tables(void)
{
	for (size_t o = 0; o < object_count; o++) {
		const struct object *obj = &objects[o];

		for (size_t s = 1; s < obj->section_count; s++) {
			const struct section *sec = &obj->sections[s];

			for (size_t t = 0;
			     t < sizeof(code_tables) / sizeof(code_tables[0]);
			     t++) {
				const struct code_table *table =
					&code_tables[t];

				if (strncmp(sec->name, table->prefix,
					    strlen(table->prefix)) != 0 ||
				    !sec->data || !sec->data->d_buf)
					continue;
				for (uint64_t base = 0;
				     base + table->size <= sec->data->d_size;
				     base += table->size)
					check_table_entry(table, o, s, base);
			}
		}
	}
}

/*
 * Pass 4, what Linux's modpost does for __init: code and data that stay
 * mapped after init must not refer to what kernel/jettison.c unmaps then.
 * These are the sections linker.ld places in .init.text and .init.rodata.
 */
static const char *const init_only[] = {
	".init.text",
	".init.rodata",
	".tbl.init.",
	".tbl.cmdline_options.",
};

/* Sections that may refer to init-only ones: __ref code, which calls into
 * init on purpose before init ends (the boot path), data only host tools
 * read, and unwind tables, which linker.ld discards. */
static const char *const init_referrers[] = {
	".text.ref",
	".tbl_bounds",
	".eh_frame",
};

static bool named_in(const char *name, const char *const *prefixes,
		     size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static bool init_only_section(const char *name)
{
	return named_in(name, init_only,
			sizeof(init_only) / sizeof(*init_only));
}

/* What a relocation refers to: object, section, and a name for it. */
static bool relocation_target(size_t o, const GElf_Rela *rel, struct place *at,
			      const char **name)
{
	const GElf_Sym *sym;

	*at = (struct place){ 0 };
	if (!relocation_symbol(o, rel, &at->object, &sym, name))
		return false;
	at->section = sym->st_shndx;
	at->offset = sym->st_value;
	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION || !**name) {
		/* A local symbol reached through its section: a call's
		 * addend is the target less the 4 bytes of the operand. */
		int64_t addend = rel->r_addend;
		const char *covering =
			symbol_covering(&objects[at->object], at->section,
					sym->st_value + (uint64_t)(addend + 4));

		if (!covering)
			covering = symbol_covering(
				&objects[at->object], at->section,
				sym->st_value + (uint64_t)addend);
		*name = covering ? covering
				 : objects[at->object]
					   .sections[at->section]
					   .name;
	}
	return true;
}

static void check_init_reference(size_t o, size_t target, const GElf_Rela *rel)
{
	const struct object *obj = &objects[o];
	const struct section *from = &obj->sections[target];
	struct place at;
	const char *name;

	if (init_only_section(from->name) ||
	    named_in(from->name, init_referrers,
		     sizeof(init_referrers) / sizeof(*init_referrers)) ||
	    !relocation_target(o, rel, &at, &name))
		return;
	const struct object *def = &objects[at.object];
	const char *section = def->sections[at.section].name;
	if (!init_only_section(section))
		return;
	report_as("E_INIT_SECTION_MISMATCH",
		  "%s: %s references %s, which is init-only %s (%s, in %s): "
		  "it is unmapped once init is complete",
		  obj->source, referrer(obj, target, rel->r_offset), name,
		  def->sections[at.section].shdr.sh_flags & SHF_EXECINSTR
			  ? "code"
			  : "data",
		  def->source, section);
}

static void check_init_references(void)
{
	each_relocation(check_init_reference);
}

/* --- main ---------------------------------------------------------------- */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mismatch [--root DIR] [--private DIR=SUBARCH]... "
		"OBJECT...\n"
		"  --root DIR             objects below DIR are named by "
		"their source path\n"
		"  --private DIR=SUBARCH  code under a DIR/ path component "
		"sequence is private\n"
		"                         to SUBARCH; default:\n");
	for (size_t i = 0; i < SUBARCH_COUNT; i++)
		fprintf(out, "                         platforms/%s=%s\n",
			subarch_names[i].folder, subarch_names[i].name);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "private", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	/* Static: the early returns below leave nothing to free. */
	static struct private_dir dirs[MAX_PRIVATE_DIRS];
	size_t dir_count = 0, slim = 0;
	const char *root = NULL;
	int opt, status = EXIT_OK;

	tool_name = "mismatch";
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		char *equals;
		int subarch;

		switch (opt) {
		case 'r': root = optarg; break;
		case 'p':
			equals = strchr(optarg, '=');
			subarch = equals ? subarch_by_name(equals + 1) : COMMON;
			if (equals == optarg || subarch == COMMON) {
				error("--private %s: want DIR=SUBARCH, SUBARCH "
				      "being a name in "
				      "platforms/subarch_list.h",
				      optarg);
				return EXIT_USAGE;
			}
			if (dir_count == MAX_PRIVATE_DIRS) {
				error("--private: at most %d",
				      MAX_PRIVATE_DIRS);
				return EXIT_USAGE;
			}
			/* "platforms/pc/=PC" means "platforms/pc". */
			do
				*equals-- = '\0';
			while (equals > optarg && *equals == '/');
			dirs[dir_count++] = (struct private_dir){
				.dir = optarg,
				.subarch = subarch,
			};
			break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		error("libelf: %s", elf_errmsg(-1));
		return EXIT_USAGE;
	}
	object_count = (size_t)(argc - optind);
	objects = xcalloc(object_count, sizeof(*objects));
	for (size_t o = 0; o < object_count; o++)
		objects[o].fd = -1;
	for (size_t o = 0; o < object_count; o++) {
		const char *path = argv[optind + (int)o];

		if (object_open(&objects[o], path) != 0) {
			status = EXIT_USAGE;
			goto out;
		}
		objects[o].source = source_name(path, root);
		objects[o].subarch =
			dir_count
				? classify(path, dirs, dir_count)
				: classify(
					  path, default_private_dirs,
					  sizeof(default_private_dirs) /
						  sizeof(*default_private_dirs));
		slim += objects[o].slim_lto;
	}
	/* -flto without -ffat-lto-objects leaves nothing to read: say so
	 * rather than pass what was never checked. */
	if (slim)
		error("note: %zu of %zu objects are slim LTO objects without "
		      "machine code; their references are not checked here",
		      slim, object_count);
	collect_definitions();
	check_references();
	check_entries();
	check_tables();
	check_init_references();
	if (reported_count)
		status = EXIT_MISMATCH;
out:
	for (size_t o = 0; o < object_count; o++)
		object_close(&objects[o]);
	for (size_t i = 0; i < reported_count; i++)
		free(reported[i]);
	free(reported);
	free(objects);
	free(definitions);
	return status;
}
