/* SPDX-License-Identifier: MIT */
/*
 * inittab: checks the init table of a linked kernel image and prints the
 * order its entries will run in, per subarch, before anything boots.  It
 * rebuilds the table on the host and plans it with the kernel's own
 * planner (tables/init_plan.c), so the prediction is the boot.
 *
 * Output formats (stable: the boot tests parse them):
 *
 *  default    A table of every entry in table order, each group's members
 *             in the order they are tried (comment lines), then each
 *             subarch's sequence.  Table lines start with '#' (headings,
 *             groups) or spaces (entries).  Sequence lines, and only they,
 *             match /^(PC|XEN) / (the names of platforms/subarch_list.h),
 *             one per entry the subarch runs, in order:
 *
 *                 PC   5 CMDLINE  cmdline
 *
 *             that is printf("%-3s %2u %-8s %s\n", subarch, level,
 *             level name, entry name): four fields split by blanks.
 *  --subarch SUBARCH
 *             The default output, limited to the entries SUBARCH runs and
 *             to its sequence.
 *  --sequence SUBARCH
 *             The names of that sequence only, one per line.
 *  --teardown SUBARCH
 *             The names of the entries whose teardown (kernel/teardown.h)
 *             that subarch runs at an orderly exit, in order: its sequence
 *             reversed, limited to entries with a teardown.  The default
 *             output also lists them, and the app, on '#' lines.
 *  --json     {"image", "table": {start, end, entry_size, count},
 *             "entries": [{index, name, level, level_name, subarchs,
 *             after, flags, group, priority, init, detect, file, line}],
 *             "order": [names], "sequences": {"PC": [names],
 *             "XEN": [names], one per subarch}, "groups": {group: [names, in
 * the order they are tried]}}; addresses as "0x..." strings.
 *  --dot FILE The dependency graph, in Graphviz DOT.
 *  --makespan SUBARCH --costs FILE
 *             The critical path and makespan on 1, 2, 4, 8 CPUs of the
 *             parallel walk, from the costs in a boot log (tools/makespan.h).
 *
 * A sequence lists the entries the kernel will consider; at run time an
 * entry whose detect routine says no, or whose group another entry has
 * finished, is skipped without changing the order of the others.
 *
 * The image must be a non-PIE x86-64 ELF: pointers stored in its data are
 * then final link-time addresses, and struct init_entry has the host's
 * layout (both LP64, little-endian), which the asserts below pin down.
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

#include "makespan.h"
#include "tool.h"
#include "kernel/teardown.h"
#include "tables/init_plan.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_TABLE = 1, /* the table breaks a rule: a named error */
	EXIT_USAGE = 2, /* bad arguments, or not an image we can read */
};

_Static_assert(sizeof(void *) == 8 && sizeof(long) == 8 &&
		       __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "inittab reads x86-64 images as host structures: build it "
	       "for an LP64 little-endian host");

/* A target struct init_entry, pointers as the 64-bit addresses they are. */
struct target_entry {
	uint64_t name;
	uint64_t file;
	uint64_t group;
	uint64_t init;
	uint64_t detect;
	uint64_t after;
	uint32_t level;
	uint32_t subarchs;
	uint32_t flags;
	uint32_t line;
	uint32_t priority;
};

#define SAME_FIELD(f)                                                          \
	_Static_assert(offsetof(struct target_entry, f) ==                     \
				       offsetof(struct init_entry, f) &&       \
			       sizeof(((struct target_entry *)0)->f) ==        \
				       sizeof(((struct init_entry *)0)->f),    \
		       "struct init_entry." #f " moved: update target_entry")
SAME_FIELD(name);
SAME_FIELD(file);
SAME_FIELD(group);
SAME_FIELD(init);
SAME_FIELD(detect);
SAME_FIELD(after);
SAME_FIELD(level);
SAME_FIELD(subarchs);
SAME_FIELD(flags);
SAME_FIELD(line);
SAME_FIELD(priority);
_Static_assert(sizeof(struct target_entry) == sizeof(struct init_entry),
	       "struct init_entry changed: update target_entry");

/* The target's struct table_bounds: four unsigned longs, as on the host. */
_Static_assert(sizeof(struct table_bounds) == 4 * sizeof(uint64_t),
	       "struct table_bounds is not four 64-bit words");

/* A dependency list longer than this is garbage, not a table. */
#define MAX_DEPS 1024

struct symbol {
	uint64_t addr;
	uint64_t size;
	const char *name; /* owned by libelf */
	unsigned char type;
	unsigned char bind;
};

struct image {
	const char *path;
	int fd;
	Elf *elf;
	const unsigned char *raw; /* the whole file, owned by libelf */
	size_t raw_size;
	GElf_Phdr *loads; /* the PT_LOAD segments */
	size_t load_count;
	struct symbol *symbols; /* the symtab's named data and code */
	size_t symbol_count;
};

/* What the table holds, translated for the planner. */
struct table {
	struct table_bounds bounds;
	uint32_t count;
	struct init_entry *entries; /* host copies, pointers into the host */
	uint64_t *addr;             /* each entry's target address */
	uint64_t *init;             /* target address of each routine */
	uint64_t *detect;
	uint64_t **after; /* target addresses of each dependency */
	uint32_t *after_count;
	const struct init_entry ***host_after;
	char **strings; /* every host copy, to free them */
	size_t string_count;
};

/* What each dependency outside the table becomes: init_plan_index()
 * rejects it, as it is not in the host array. */
static const struct init_entry not_in_table;

/* Stands for a target routine: only whether it is NULL matters here. */
static int target_routine(struct boot_params *params)
{
	(void)params;
	return 0;
}

static bool target_detect(const struct boot_params *params)
{
	(void)params;
	return true;
}

/* Where the entry was declared, for messages: "file.c:12". */
static void where(char *buffer, size_t size, const struct init_entry *e)
{
	snprintf(buffer, size, "%s:%u", e->file ? e->file : "?",
		 (unsigned)e->line);
}

/* --- the image ---------------------------------------------------------- */

static int image_open(struct image *img, const char *path)
{
	GElf_Ehdr ehdr;
	size_t phnum;

	memset(img, 0, sizeof(*img));
	img->path = path;
	/* Non-PIE: only then are pointers in its data final addresses. */
	if (open_x86_64_elf(path, ET_EXEC,
			    "a non-PIE x86-64 executable (link with -no-pie)",
			    &img->fd, &img->elf, &ehdr))
		return -1;
	img->raw = (const unsigned char *)elf_rawfile(img->elf, &img->raw_size);
	if (!img->raw || elf_getphdrnum(img->elf, &phnum) != 0) {
		error("%s: cannot read (%s)", path, elf_errmsg(-1));
		return -1;
	}
	img->loads = xcalloc(phnum, sizeof(*img->loads));
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr phdr;

		if (!gelf_getphdr(img->elf, (int)i, &phdr)) {
			error("%s: bad program header %zu (%s)", path, i,
			      elf_errmsg(-1));
			return -1;
		}
		if (phdr.p_type != PT_LOAD)
			continue;
		if (phdr.p_offset > img->raw_size ||
		    phdr.p_filesz > img->raw_size - phdr.p_offset) {
			error("%s: segment %zu lies beyond the end of the "
			      "file",
			      path, i);
			return -1;
		}
		img->loads[img->load_count++] = phdr;
	}
	return 0;
}

static int by_address(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Index of the first symbol at or above addr (symbols are sorted). */
static size_t first_at_or_above(const struct image *img, uint64_t addr)
{
	size_t low = 0, high = img->symbol_count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (img->symbols[middle].addr < addr)
			low = middle + 1;
		else
			high = middle;
	}
	return low;
}

static int image_load_symbols(struct image *img)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(img->elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_SYMTAB ||
		    !shdr.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		size_t n = shdr.sh_size / shdr.sh_entsize;
		img->symbols = xcalloc(n, sizeof(*img->symbols));
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			const char *name;

			if (!gelf_getsym(data, (int)i, &sym) ||
			    sym.st_shndx == SHN_UNDEF)
				continue;
			unsigned char type = GELF_ST_TYPE(sym.st_info);
			if (type != STT_OBJECT && type != STT_FUNC)
				continue;
			name = elf_strptr(img->elf, shdr.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			img->symbols[img->symbol_count++] = (struct symbol){
				.addr = sym.st_value,
				.size = sym.st_size,
				.name = name,
				.type = type,
				.bind = GELF_ST_BIND(sym.st_info),
			};
		}
		/* Sorted, so a lookup is a binary search: a table of
		 * thousands of entries looks up thousands of routines. */
		qsort(img->symbols, img->symbol_count, sizeof(*img->symbols),
		      by_address);
		return 0;
	}
	error("%s: no symbol table (stripped?)", img->path);
	return -1;
}

static void image_close(struct image *img)
{
	free(img->loads);
	free(img->symbols);
	if (img->elf)
		elf_end(img->elf);
	if (img->fd >= 0)
		close(img->fd);
}

/* The file bytes at target address addr, if size of them are loaded. */
static const unsigned char *image_at(const struct image *img, uint64_t addr,
				     uint64_t size, uint64_t *available)
{
	for (size_t i = 0; i < img->load_count; i++) {
		const GElf_Phdr *p = &img->loads[i];

		if (addr < p->p_vaddr || addr - p->p_vaddr >= p->p_filesz)
			continue;
		uint64_t offset = addr - p->p_vaddr;
		if (available)
			*available = p->p_filesz - offset;
		if (size > p->p_filesz - offset)
			return NULL;
		return img->raw + p->p_offset + offset;
	}
	return NULL;
}

static bool image_read(const struct image *img, uint64_t addr, void *out,
		       size_t size)
{
	const unsigned char *at = image_at(img, addr, size, NULL);

	if (at)
		memcpy(out, at, size);
	return at != NULL;
}

/* A copy of the C string at addr, or NULL if it is not in the image. */
static char *image_string(const struct image *img, uint64_t addr)
{
	uint64_t available;
	const unsigned char *at = image_at(img, addr, 1, &available);

	if (!at)
		return NULL;
	const unsigned char *end = memchr(at, '\0', available);
	if (!end)
		return NULL;
	return strndup((const char *)at, (size_t)(end - at));
}

/* A symbol exactly at addr, of the wanted type; global ones first. */
static const char *symbol_at(const struct image *img, uint64_t addr,
			     unsigned char type)
{
	const char *found = NULL;

	for (size_t i = first_at_or_above(img, addr);
	     i < img->symbol_count && img->symbols[i].addr == addr; i++) {
		const struct symbol *s = &img->symbols[i];

		if (s->type != type)
			continue;
		if (s->bind == STB_GLOBAL)
			return s->name;
		if (!found)
			found = s->name;
	}
	return found;
}

/*
 * The sized object covering addr: the nearest sized object at or below
 * it, if it reaches addr.  Data objects do not nest in a linked image.
 */
static const struct symbol *symbol_containing(const struct image *img,
					      uint64_t addr)
{
	for (size_t i = first_at_or_above(img, addr + 1); i-- > 0;) {
		const struct symbol *s = &img->symbols[i];

		if (s->type != STT_OBJECT || !s->size)
			continue;
		return addr - s->addr < s->size ? s : NULL;
	}
	return NULL;
}

/* --- reading the table --------------------------------------------------- */

/* The global object `name` of the image, if it is one. */
static const struct symbol *global_object(const struct image *img,
					  const char *name)
{
	for (size_t i = 0; i < img->symbol_count; i++) {
		const struct symbol *s = &img->symbols[i];

		if (s->bind == STB_GLOBAL && s->type == STT_OBJECT &&
		    strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

/* The struct table_bounds the image exports as s, or -1 and a message. */
static int read_bounds(const struct image *img, const struct symbol *s,
		       struct table_bounds *bounds)
{
	if (s->size == sizeof(*bounds) &&
	    image_read(img, s->addr, bounds, sizeof(*bounds)))
		return 0;
	error("%s: %s is not a struct table_bounds in the image", img->path,
	      s->name);
	return -1;
}

static int find_bounds(const struct image *img, struct table_bounds *bounds)
{
	const struct symbol *s = global_object(img, "init_table_bounds");

	if (s)
		return read_bounds(img, s, bounds);
	error("%s: no global symbol init_table_bounds: not a kernel "
	      "image, or it lacks TABLE_EXPORT_BOUNDS(INIT_TABLE, "
	      "init_table_bounds)",
	      img->path);
	return -1;
}

static uint64_t bounds_count(const struct table_bounds *b)
{
	return b->entry_size && b->end >= b->start
		       ? (b->end - b->start) / b->entry_size
		       : 0;
}

/*
 * Each state table (TABLE_STATE_EXPORT_BOUNDS as X_state_bounds) against
 * its table (TABLE_EXPORT_BOUNDS as X_table_bounds): the kernel finds an
 * entry's state by its index, so one state per entry, no more, no less.
 */
static int check_state_counts(const struct image *img)
{
	static const char suffix[] = "_state_bounds";
	const size_t suffix_length = sizeof(suffix) - 1;
	int result = 0;

	for (size_t i = 0; i < img->symbol_count; i++) {
		const struct symbol *states = &img->symbols[i];
		size_t length = strlen(states->name);
		struct table_bounds sb, tb;
		char name[256];

		if (states->bind != STB_GLOBAL || states->type != STT_OBJECT ||
		    length <= suffix_length || length >= sizeof(name) ||
		    strcmp(states->name + length - suffix_length, suffix))
			continue;
		snprintf(name, sizeof(name), "%.*s_table_bounds",
			 (int)(length - suffix_length), states->name);
		const struct symbol *table = global_object(img, name);
		if (!table) {
			error("E_TABLE_STATE_COUNT: %s has no %s beside it: "
			      "export the table's bounds too",
			      states->name, name);
			result = -1;
			continue;
		}
		if (read_bounds(img, states, &sb) ||
		    read_bounds(img, table, &tb))
			return -1;
		if (bounds_count(&sb) == bounds_count(&tb) &&
		    sb.end - sb.start == bounds_count(&sb) * sb.entry_size)
			continue;
		error("E_TABLE_STATE_COUNT: %s gives %lu entries, %s %lu "
		      "states: an entry declared by hand, without the macro "
		      "(INIT_ENTRY, CONSOLE_ENTRY) that gives it its state",
		      name, (unsigned long)bounds_count(&tb), states->name,
		      (unsigned long)bounds_count(&sb));
		result = -1;
	}
	return result;
}

/* "init_entry_x (declared at file.c:12)", from the entry's own bytes. */
static void describe_object(const struct image *img, const struct symbol *s,
			    char *buffer, size_t size)
{
	struct target_entry raw;
	char *file = NULL;

	if (s->size == sizeof(raw) &&
	    image_read(img, s->addr, &raw, sizeof(raw)))
		file = image_string(img, raw.file);
	if (file)
		snprintf(buffer, size, "%s (declared at %s:%u)", s->name, file,
			 (unsigned)raw.line);
	else
		snprintf(buffer, size, "%s", s->name);
	free(file);
}

/*
 * Pitfall 3: an entry placed with more than the type's alignment leaves
 * padding that a walk would read as an entry.  The bounds alone catch
 * padding that is not a whole stride; the symbols catch the rest: each
 * stride-sized slot must be exactly one entry object.
 */
static int check_stride(const struct image *img, const struct table_bounds *b)
{
	const uint64_t size = sizeof(struct init_entry);
	char what[512];

	if (b->entry_size != size ||
	    b->entry_align != __alignof__(struct init_entry)) {
		error("E_INIT_STRIDE: the image's struct init_entry is %lu "
		      "bytes aligned to %lu, this tool's %zu aligned to %zu: "
		      "build inittab from the same tables/init.h",
		      b->entry_size, b->entry_align, sizeof(struct init_entry),
		      __alignof__(struct init_entry));
		return -1;
	}
	if (b->end < b->start || b->start % b->entry_align) {
		error("E_INIT_STRIDE: the init table [0x%lx, 0x%lx) is not "
		      "a table of %lu-byte aligned entries",
		      b->start, b->end, b->entry_align);
		return -1;
	}

	uint64_t slots = (b->end - b->start + size - 1) / size;
	bool *taken = xcalloc(slots, sizeof(*taken));
	int result = 0;

	for (size_t i = 0; i < img->symbol_count && !result; i++) {
		const struct symbol *s = &img->symbols[i];
		uint64_t offset = s->addr - b->start;

		if (s->type != STT_OBJECT || !s->size || s->addr < b->start ||
		    s->addr >= b->end)
			continue;
		if (offset % size || s->size != size) {
			describe_object(img, s, what, sizeof(what));
			error("E_INIT_STRIDE: %s lies %lu bytes into the init "
			      "table and is %lu bytes long: entries are %lu "
			      "bytes apart, so there is padding before it; was "
			      "it declared with an alignment other than "
			      "__alignof__(struct init_entry)?",
			      what, (unsigned long)offset,
			      (unsigned long)s->size, (unsigned long)size);
			result = -1;
		}
		taken[offset / size] = true;
	}
	if (!result && (b->end - b->start) % size) {
		error("E_INIT_STRIDE: the init table spans %lu bytes, not a "
		      "multiple of the %lu-byte entry: padding between "
		      "entries",
		      b->end - b->start, (unsigned long)size);
		result = -1;
	}
	for (uint64_t k = 0; k < slots && !result; k++) {
		if (taken[k])
			continue;
		uint64_t next = k + 1;
		while (next < slots && !taken[next])
			next++;
		const struct symbol *s =
			next < slots
				? symbol_containing(img, b->start + next * size)
				: NULL;
		if (s)
			describe_object(img, s, what, sizeof(what));
		else
			snprintf(what, sizeof(what), "the end of the table");
		error("E_INIT_STRIDE: the %lu bytes at 0x%lx, slot #%lu of "
		      "the init table, are no entry object: padding before "
		      "%s; was it declared with an alignment other than "
		      "__alignof__(struct init_entry)?",
		      (unsigned long)((next - k) * size),
		      (unsigned long)(b->start + k * size), (unsigned long)k,
		      what);
		result = -1;
	}
	free(taken);
	return result;
}

static char *keep_string(struct table *t, char *s)
{
	if (s)
		t->strings[t->string_count++] = s;
	return s;
}

/*
 * A target string pointer: NULL stays NULL (the planner judges that), a
 * pointer outside the image is an error here, as nothing can stand for it.
 */
static int read_string(const struct image *img, struct table *t, uint32_t i,
		       const char *field, uint64_t addr, const char **out)
{
	*out = NULL;
	if (!addr)
		return 0;
	*out = keep_string(t, image_string(img, addr));
	if (*out)
		return 0;
	error("E_INIT_MALFORMED: entry #%u of the init table (at 0x%lx): its "
	      ".%s 0x%lx is not a string in the image",
	      (unsigned)i, (unsigned long)t->addr[i], field,
	      (unsigned long)addr);
	return -1;
}

static int read_after(const struct image *img, struct table *t, uint32_t i,
		      uint64_t list)
{
	const struct table_bounds *b = &t->bounds;
	uint64_t deps[MAX_DEPS + 1];
	uint32_t n = 0;

	if (!list)
		return 0;
	do {
		if (n > MAX_DEPS ||
		    !image_read(img, list + (uint64_t)n * 8, &deps[n], 8)) {
			error("E_INIT_MALFORMED: %s: its .after list at 0x%lx "
			      "is not a NULL-terminated list in the image",
			      t->entries[i].name ? t->entries[i].name : "?",
			      (unsigned long)list);
			return -1;
		}
	} while (deps[n++]);
	n--;

	/* An array of pointers to entries: sizeof a pointer is meant. */
	const struct init_entry **host = xcalloc(
		n + 1, sizeof(*host)); // NOLINT(bugprone-sizeof-expression)
	t->after[i] = xcalloc(n + 1, sizeof(uint64_t));
	t->host_after[i] = host;
	t->after_count[i] = n;
	t->entries[i].after = host;
	for (uint32_t k = 0; k < n; k++) {
		uint64_t d = deps[k];
		bool entry = d >= b->start && d < b->end &&
			     (d - b->start) % b->entry_size == 0;

		t->after[i][k] = d;
		host[k] = entry ? &t->entries[(d - b->start) / b->entry_size]
				: &not_in_table;
	}
	return 0;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->string_count; i++)
		free(t->strings[i]);
	for (uint32_t i = 0; i < t->count && t->after; i++) {
		free(t->after[i]);
		free(t->host_after[i]);
	}
	free(t->strings);
	free(t->entries);
	free(t->addr);
	free(t->init);
	free(t->detect);
	free(t->after);
	free(t->after_count);
	free(t->host_after);
}

/*
 * EXIT_USAGE if the table is not in the file (which also bounds its size),
 * EXIT_TABLE if an entry's pointers lead nowhere.
 */
static enum exit_code read_table(const struct image *img, struct table *t)
{
	const struct table_bounds *b = &t->bounds;

	if (!b->entry_size) {
		error("E_INIT_STRIDE: %s: init_table_bounds gives entries of 0 "
		      "bytes",
		      img->path);
		return EXIT_TABLE;
	}
	uint64_t count = (b->end - b->start) / b->entry_size;

	if (count && !image_at(img, b->start, b->end - b->start, NULL)) {
		error("%s: the init table [0x%lx, 0x%lx) is not in the "
		      "image's loaded data",
		      img->path, b->start, b->end);
		return EXIT_USAGE;
	}
	t->count = (uint32_t)count;
	t->entries = xcalloc(count, sizeof(*t->entries));
	t->addr = xcalloc(count, sizeof(*t->addr));
	t->init = xcalloc(count, sizeof(*t->init));
	t->detect = xcalloc(count, sizeof(*t->detect));
	t->after = xcalloc(count, sizeof(*t->after));
	t->after_count = xcalloc(count, sizeof(*t->after_count));
	t->host_after = xcalloc(count, sizeof(*t->host_after));
	t->strings = xcalloc(3 * count, sizeof(*t->strings));

	for (uint32_t i = 0; i < t->count; i++) {
		struct init_entry *e = &t->entries[i];
		struct target_entry raw;

		t->addr[i] = b->start + (uint64_t)i * b->entry_size;
		if (!image_read(img, t->addr[i], &raw, sizeof(raw))) {
			error("E_INIT_MALFORMED: %s: entry %u at 0x%lx is not "
			      "in the image",
			      img->path, (unsigned)i,
			      (unsigned long)t->addr[i]);
			return EXIT_TABLE;
		}
		if (read_string(img, t, i, "name", raw.name, &e->name) ||
		    read_string(img, t, i, "file", raw.file, &e->file) ||
		    read_string(img, t, i, "group", raw.group, &e->group))
			return EXIT_TABLE;
		e->init = raw.init ? target_routine : NULL;
		e->detect = raw.detect ? target_detect : NULL;
		e->level = raw.level;
		e->subarchs = raw.subarchs;
		e->flags = raw.flags;
		e->line = raw.line;
		e->priority = raw.priority;
		t->init[i] = raw.init;
		t->detect[i] = raw.detect;
		if (read_after(img, t, i, raw.after))
			return EXIT_TABLE;
	}
	return EXIT_OK;
}

/* --- checks --------------------------------------------------------------- */

struct named {
	const char *name;
	uint32_t index;
};

static int by_name(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int order = strcmp(x->name, y->name);

	return order ? order : (x->index > y->index) - (x->index < y->index);
}

/* The kernel's linker refuses two entries of one symbol, not one name. */
static int check_duplicates(const struct table *t)
{
	struct named *sorted = xcalloc(t->count, sizeof(*sorted));
	uint32_t n = 0;
	int result = 0;

	for (uint32_t i = 0; i < t->count; i++)
		if (t->entries[i].name)
			sorted[n++] = (struct named){ t->entries[i].name, i };
	qsort(sorted, n, sizeof(*sorted), by_name);
	for (uint32_t k = 1; k < n && !result; k++) {
		const struct init_entry *a = &t->entries[sorted[k - 1].index];
		const struct init_entry *b = &t->entries[sorted[k].index];
		char wa[256], wb[256];

		if (strcmp(a->name, b->name) != 0)
			continue;
		where(wa, sizeof(wa), a);
		where(wb, sizeof(wb), b);
		error("E_INIT_DUPLICATE_NAME: two entries are named %s: "
		      "entries #%u and #%u; %s at %s, %s at %s",
		      a->name, (unsigned)sorted[k - 1].index,
		      (unsigned)sorted[k].index, a->name, wa, b->name, wb);
		result = -1;
	}
	free(sorted);
	return result;
}

/* After the planner's message, where each stray dependency points. */
static void explain_missing(const struct image *img, const struct table *t,
			    uint32_t i)
{
	const struct table_bounds *b = &t->bounds;

	for (uint32_t k = 0; k < t->after_count[i]; k++) {
		uint64_t d = t->after[i][k];
		const struct symbol *s;

		if (t->entries[i].after[k] != &not_in_table)
			continue;
		if (d >= b->start && d < b->end) {
			uint64_t slot = (d - b->start) / b->entry_size;
			error("note: %s's dependency #%u, 0x%lx, is %lu bytes "
			      "into entry #%lu (%s), not at its start",
			      t->entries[i].name, (unsigned)k + 1,
			      (unsigned long)d,
			      (unsigned long)(d - b->start) % b->entry_size,
			      (unsigned long)slot,
			      t->entries[slot].name ? t->entries[slot].name
						    : "?");
		} else if ((s = symbol_containing(img, d))) {
			char what[512];

			describe_object(img, s, what, sizeof(what));
			error("note: %s's dependency #%u, 0x%lx, is %s, "
			      "outside the init table [0x%lx, 0x%lx): an "
			      "entry not declared in the table section",
			      t->entries[i].name, (unsigned)k + 1,
			      (unsigned long)d, what, b->start, b->end);
		} else {
			error("note: %s's dependency #%u, 0x%lx, is no object "
			      "of the image",
			      t->entries[i].name, (unsigned)k + 1,
			      (unsigned long)d);
		}
	}
}

/* --- output --------------------------------------------------------------- */

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static const char *routine_name(const struct image *img, uint64_t addr,
				char *buffer, size_t size)
{
	const char *name;

	if (!addr)
		return "-";
	name = symbol_at(img, addr, STT_FUNC);
	if (name)
		return name;
	snprintf(buffer, size, "0x%lx", (unsigned long)addr);
	return buffer;
}

/* "a,b" or "-", for the table. */
static void deps_format(const struct table *t, uint32_t i, char *buffer,
			size_t size)
{
	size_t length = 0;

	snprintf(buffer, size, "-");
	for (uint32_t k = 0; k < t->after_count[i] && length < size; k++) {
		const struct init_entry *d = t->entries[i].after[k];
		length += (size_t)snprintf(buffer + length, size - length,
					   "%s%s", k ? "," : "", d->name);
	}
}

static const struct {
	uint32_t flag;
	const char *name;
} flag_names[] = {
	{ INIT_CRITICAL, "critical" },
	{ INIT_FINISH_GROUP, "finish-group" },
	{ INIT_BOOT_CPU, "boot-cpu" },
	{ INIT_STARTS_CPUS, "starts-cpus" },
};

/* The flags' names joined by separator, each between quote and quote. */
static void flags_join(uint32_t flags, const char *quote, const char *separator,
		       char *buffer, size_t size)
{
	size_t length = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]);
	     i++) {
		if (!(flags & flag_names[i].flag) || length >= size)
			continue;
		length += (size_t)snprintf(buffer + length, size - length,
					   "%s%s%s%s", length ? separator : "",
					   quote, flag_names[i].name, quote);
	}
}

static void flags_format(uint32_t flags, char *buffer, size_t size)
{
	flags_join(flags, "", ",", buffer, size);
	if (!flags)
		snprintf(buffer, size, "-");
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void print_sequence_lines(const struct table *t, const uint32_t *order,
				 uint32_t only)
{
	for (size_t s = 0; s < SUBARCH_COUNT; s++)
		for (uint32_t k = 0;
		     k < t->count && (subarch_names[s].bit & only); k++) {
			const struct init_entry *e = &t->entries[order[k]];

			if (!(e->subarchs & subarch_names[s].bit))
				continue;
			printf("%-3s %2u %-8s %s\n", subarch_names[s].name,
			       (unsigned)e->level, init_level_name(e->level),
			       e->name);
		}
}

/* The member of i's group tried right after it, or INIT_PLAN_NO_ENTRY. */
static uint32_t group_after(const struct table *t,
			    const struct init_state *state, uint32_t i)
{
	for (uint32_t j = 0; j < t->count; j++)
		if (state[j].group_before == i)
			return j;
	return INIT_PLAN_NO_ENTRY;
}

/* Each group, its members in the order they are tried, as comments. */
static void print_groups(const struct table *t, const struct init_state *state,
			 uint32_t only)
{
	bool first = true;

	for (uint32_t top = 0; top < t->count; top++) {
		const struct init_entry *e = &t->entries[top];
		uint32_t rank = 0;

		if (!e->group || state[top].group_before != INIT_PLAN_NO_ENTRY)
			continue;
		if (first)
			printf("#\n"
			       "# Groups: members in the order they are tried, "
			       "highest priority first.\n"
			       "# The first that runs with finish-group skips "
			       "the members after it.\n");
		first = false;
		printf("#   %s (%s):", e->group, init_level_name(e->level));
		for (uint32_t i = top; i != INIT_PLAN_NO_ENTRY;
		     i = group_after(t, state, i)) {
			const struct init_entry *m = &t->entries[i];
			char set[64], flags[64];

			if (!(m->subarchs & only))
				continue;
			subarch_set_format(set, sizeof(set), m->subarchs);
			flags_format(m->flags, flags, sizeof(flags));
			printf("%s %u. %s (priority %u, %s, %s)",
			       rank ? "," : "", (unsigned)rank + 1, m->name,
			       (unsigned)m->priority, set, flags);
			rank++;
		}
		printf("\n");
	}
}

/* The report; `only` limits it to the entries and sequence of a subarch set. */
static void print_default(const struct image *img, const struct table *t,
			  const struct init_state *state, const uint32_t *order,
			  uint32_t only)
{
	enum { NAME, SUBARCHS, AFTER, FLAGS, GROUP, INIT, DETECT, COLUMNS };
	static const char *const heading[COLUMNS] = {
		"name", "subarchs", "after", "flags", "group", "init", "detect",
	};
	char text[COLUMNS][512];
	int width[COLUMNS];

	for (int c = 0; c < COLUMNS; c++)
		width[c] = (int)strlen(heading[c]);
	/* Two passes: measure the columns, then print them. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass) {
			printf("# %s: init table at 0x%lx, %u entries of %lu "
			       "bytes\n#\n",
			       img->path, t->bounds.start, (unsigned)t->count,
			       t->bounds.entry_size);
			printf("# %3s  %-*s %-8s %-*s %-*s %-*s %-*s %-*s "
			       "%-*s source\n",
			       "idx", width[NAME], "name", "level",
			       width[SUBARCHS], "subarchs", width[AFTER],
			       "after", width[FLAGS], "flags", width[GROUP],
			       "group", width[INIT], "init", width[DETECT],
			       "detect");
		}
		for (uint32_t i = 0; i < t->count; i++) {
			const struct init_entry *e = &t->entries[i];
			char source[512];

			if (!(e->subarchs & only))
				continue;
			snprintf(text[NAME], sizeof(text[NAME]), "%s", e->name);
			subarch_set_format(text[SUBARCHS],
					   sizeof(text[SUBARCHS]), e->subarchs);
			deps_format(t, i, text[AFTER], sizeof(text[AFTER]));
			flags_format(e->flags, text[FLAGS],
				     sizeof(text[FLAGS]));
			snprintf(text[GROUP], sizeof(text[GROUP]), "%s",
				 or_dash(e->group));
			snprintf(text[INIT], sizeof(text[INIT]), "%s",
				 routine_name(img, t->init[i], source,
					      sizeof(source)));
			snprintf(text[DETECT], sizeof(text[DETECT]), "%s",
				 routine_name(img, t->detect[i], source,
					      sizeof(source)));
			if (!pass) {
				for (int c = 0; c < COLUMNS; c++)
					width[c] = max_int(
						width[c], (int)strlen(text[c]));
				continue;
			}
			where(source, sizeof(source), e);
			printf("  %3u  %-*s %-8s %-*s %-*s %-*s %-*s %-*s "
			       "%-*s %s\n",
			       (unsigned)i, width[NAME], text[NAME],
			       init_level_name(e->level), width[SUBARCHS],
			       text[SUBARCHS], width[AFTER], text[AFTER],
			       width[FLAGS], text[FLAGS], width[GROUP],
			       text[GROUP], width[INIT], text[INIT],
			       width[DETECT], text[DETECT], source);
		}
	}
	print_groups(t, state, only);
	printf("#\n"
	       "# What each subarch runs, in order: subarch, level, level "
	       "name, entry.\n"
	       "# At run time an entry is skipped if its detect routine "
	       "says no or its\n"
	       "# group is finished; the others keep this order.\n");
	print_sequence_lines(t, order, only);
}

static void print_sequence(const struct table *t, const uint32_t *order,
			   uint32_t bit)
{
	for (uint32_t k = 0; k < t->count; k++)
		if (t->entries[order[k]].subarchs & bit)
			printf("%s\n", t->entries[order[k]].name);
}

/*
 * The plan as C, for the final link of the kernel (tables/init_planned.h):
 * the order and each entry's group predecessor, as init_plan made them.
 */
static void print_plan_c(const struct image *img, const struct table *t,
			 const struct init_state *state)
{
	printf("/* Generated by tools/inittab --plan-c from %s: the plan of "
	       "its init table. */\n"
	       "#include \"tables/init.h\"\n"
	       "#include \"tables/init_planned.h\"\n\n"
	       "const uint32_t init_planned_count __initconst = %u;\n"
	       "const uint32_t init_planned_order[] __initconst = {\n",
	       img->path, (unsigned)t->count);
	for (uint32_t k = 0; k < t->count; k++)
		printf("\t%u, /* %s */\n", (unsigned)state[k].order,
		       t->entries[state[k].order].name);
	printf("};\nconst uint32_t init_planned_group_before[] __initconst = "
	       "{\n");
	for (uint32_t i = 0; i < t->count; i++)
		printf("\t%uu, /* %s */\n", (unsigned)state[i].group_before,
		       t->entries[i].name);
	printf("};\n");
}

/* The uint32_t array `name` of the image, count long, into out. */
static bool read_planned(const struct image *img, const char *name,
			 uint32_t *out, uint32_t count)
{
	const struct symbol *s = global_object(img, name);

	return s && s->size == count * sizeof(*out) &&
	       image_read(img, s->addr, out, count * sizeof(*out));
}

/*
 * The plan the image carries, if any (the final link of the kernel), must
 * be the one just made of its table: the kernel runs that one.
 */
static int check_planned(const struct image *img, const struct table *t,
			 const struct init_state *state)
{
	const struct symbol *s = global_object(img, "init_planned_count");
	uint32_t count = 0, *order, *before;
	int status = 0;

	if (!s)
		return 0;
	order = xcalloc(t->count + 1, sizeof(*order));
	before = xcalloc(t->count + 1, sizeof(*before));
	if (!image_read(img, s->addr, &count, sizeof(count)) ||
	    count != t->count ||
	    !read_planned(img, "init_planned_order", order, count) ||
	    !read_planned(img, "init_planned_group_before", before, count)) {
		error("E_INIT_PLAN_STALE: %s carries a plan of %u entries, "
		      "not of its table's %u",
		      img->path, (unsigned)count, (unsigned)t->count);
		status = -1;
	}
	for (uint32_t k = 0; !status && k < count; k++)
		if (order[k] != state[k].order ||
		    before[k] != state[k].group_before) {
			error("E_INIT_PLAN_STALE: %s carries a plan that is "
			      "not "
			      "its table's (at %s)",
			      img->path, t->entries[state[k].order].name);
			status = -1;
		}
	free(order);
	free(before);
	return status;
}

static void json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_names(const struct table *t, const uint32_t *order,
		       uint32_t bit)
{
	bool first = true;

	putchar('[');
	for (uint32_t k = 0; k < t->count; k++) {
		const struct init_entry *e = &t->entries[order[k]];

		if (!(e->subarchs & bit))
			continue;
		fputs(first ? "" : ", ", stdout);
		json_string(stdout, e->name);
		first = false;
	}
	putchar(']');
}

static void print_json(const struct image *img, const struct table *t,
		       const struct init_state *state, const uint32_t *order)
{
	printf("{\n  \"image\": ");
	json_string(stdout, img->path);
	printf(",\n  \"table\": {\"start\": \"0x%lx\", \"end\": \"0x%lx\", "
	       "\"entry_size\": %lu, \"count\": %u},\n  \"entries\": [",
	       t->bounds.start, t->bounds.end, t->bounds.entry_size,
	       (unsigned)t->count);
	for (uint32_t i = 0; i < t->count; i++) {
		const struct init_entry *e = &t->entries[i];
		char buffer[32];

		printf("%s\n    {\"index\": %u, \"name\": ", i ? "," : "",
		       (unsigned)i);
		json_string(stdout, e->name);
		printf(", \"level\": %u, \"level_name\": ", (unsigned)e->level);
		json_string(stdout, init_level_name(e->level));
		printf(", \"subarchs\": [");
		bool first = true;
		for (size_t s = 0; s < SUBARCH_COUNT; s++) {
			if (!(e->subarchs & subarch_names[s].bit))
				continue;
			printf("%s\"%s\"", first ? "" : ", ",
			       subarch_names[s].name);
			first = false;
		}
		printf("], \"after\": [");
		for (uint32_t k = 0; k < t->after_count[i]; k++) {
			fputs(k ? ", " : "", stdout);
			json_string(stdout, e->after[k]->name);
		}
		char flags[64];

		flags_join(e->flags, "\"", ", ", flags, sizeof(flags));
		printf("], \"flags\": [%s], \"group\": ", flags);
		json_string(stdout, e->group);
		printf(", \"priority\": %u, \"init\": ", (unsigned)e->priority);
		json_string(stdout, routine_name(img, t->init[i], buffer,
						 sizeof(buffer)));
		printf(", \"detect\": ");
		json_string(stdout,
			    t->detect[i] ? routine_name(img, t->detect[i],
							buffer, sizeof(buffer))
					 : NULL);
		printf(", \"file\": ");
		json_string(stdout, e->file);
		printf(", \"line\": %u}", (unsigned)e->line);
	}
	printf("\n  ],\n  \"order\": ");
	json_names(t, order, SUBARCH_ALL);
	printf(",\n  \"sequences\": {");
	for (size_t s = 0; s < SUBARCH_COUNT; s++) {
		printf("%s\"%s\": ", s ? ", " : "", subarch_names[s].name);
		json_names(t, order, subarch_names[s].bit);
	}
	printf("},\n  \"groups\": {");
	bool first = true;
	for (uint32_t top = 0; top < t->count; top++) {
		if (!t->entries[top].group ||
		    state[top].group_before != INIT_PLAN_NO_ENTRY)
			continue;
		printf("%s", first ? "" : ", ");
		json_string(stdout, t->entries[top].group);
		printf(": [");
		for (uint32_t i = top; i != INIT_PLAN_NO_ENTRY;
		     i = group_after(t, state, i)) {
			printf("%s", i == top ? "" : ", ");
			json_string(stdout, t->entries[i].name);
		}
		printf("]");
		first = false;
	}
	printf("}\n}\n");
}

static void dot_string(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

/* Green for every subarch, a colour per single one, grey for the rest. */
static const char *dot_colour(uint32_t set)
{
	static const char *const single[] = { "lightblue", "lightsalmon",
					      "khaki", "plum", "lightcyan" };

	if (set == SUBARCH_ALL)
		return "palegreen";
	for (size_t s = 0; s < SUBARCH_COUNT; s++)
		if (s < sizeof(single) / sizeof(single[0]) &&
		    set == subarch_names[s].bit)
			return single[s];
	return "grey";
}

/*
 * The table as it is, checked or not: a graph of a cycle helps more than
 * the message alone.  The table is sorted by level, so each level's
 * entries are one run of it.
 */
static int write_dot(const char *path, const struct table *t)
{
	FILE *out = fopen(path, "w");

	if (!out) {
		error("%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(out, "digraph init {\n"
		     "\tlabel=\"init table: an edge runs from a dependency "
		     "to its dependent\";\n"
		     "\tnode [shape=box, style=filled, fontname=monospace];\n");
	for (uint32_t i = 0; i < t->count; i++) {
		const struct init_entry *e = &t->entries[i];
		char set[64];

		if (i == 0 || e->level != t->entries[i - 1].level)
			fprintf(out,
				"\tsubgraph cluster_%u {\n"
				"\t\tlabel=\"%s\";\n",
				(unsigned)i, init_level_name(e->level));
		subarch_set_format(set, sizeof(set), e->subarchs);
		fprintf(out, "\t\tn%u [label=\"", (unsigned)i);
		if (e->name)
			dot_string(out, e->name);
		else
			fprintf(out, "#%u", (unsigned)i);
		fprintf(out, "\\n%s\\n%s\", fillcolor=%s];\n",
			init_level_name(e->level), set,
			dot_colour(e->subarchs));
		if (i + 1 == t->count || t->entries[i + 1].level != e->level)
			fprintf(out, "\t}\n");
	}
	for (uint32_t i = 0; i < t->count; i++)
		for (uint32_t k = 0; k < t->after_count[i]; k++) {
			long d = init_plan_index(t->entries, t->count,
						 t->entries[i].after[k]);
			if (d >= 0)
				fprintf(out, "\tn%ld -> n%u;\n", d,
					(unsigned)i);
		}
	fprintf(out, "}\n");
	if (fclose(out) != 0) {
		error("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* --- the teardown table and the app's main ----------------------------------
 */

/* A target struct teardown_entry (kernel/teardown.h). */
struct target_teardown {
	uint64_t name;
	uint64_t undoes;
	uint64_t teardown;
	uint32_t subarchs;
};

_Static_assert(sizeof(struct target_teardown) ==
			       sizeof(struct teardown_entry) &&
		       offsetof(struct target_teardown, subarchs) ==
			       offsetof(struct teardown_entry, subarchs),
	       "struct teardown_entry changed: update target_teardown");

/* Each teardown: the init entry it undoes, as an index of the init table. */
struct teardowns {
	uint32_t count;
	uint32_t *entry;
};

/* 1 and *bounds if the image exports symbol, 0 if not, -1 if broken. */
static int optional_bounds(const struct image *img, const char *symbol,
			   struct table_bounds *bounds)
{
	const struct symbol *s = global_object(img, symbol);

	if (!s)
		return 0;
	return read_bounds(img, s, bounds) ? -1 : 1;
}

/* The entries of a table in the image: their count, or -1 (reported). */
static long table_entries(const struct image *img, const char *symbol,
			  size_t size, size_t align, const char *error_name,
			  struct table_bounds *b)
{
	int found = optional_bounds(img, symbol, b);

	if (found <= 0)
		return found;
	if (b->entry_size != size || b->entry_align != align ||
	    (b->end - b->start) % size ||
	    (b->end > b->start &&
	     !image_at(img, b->start, b->end - b->start, NULL))) {
		error("%s: %s: the table [0x%lx, 0x%lx) of %lu-byte entries "
		      "aligned to %lu is not whole entries of %zu bytes "
		      "aligned to %zu in the image",
		      error_name, img->path, b->start, b->end, b->entry_size,
		      b->entry_align, size, align);
		return -1;
	}
	return (long)((b->end - b->start) / size);
}

/* The init entry whose state is at address, or count if none is. */
static uint32_t state_index(const struct table_bounds *states, uint32_t count,
			    uint64_t address)
{
	uint64_t offset = address - states->start;

	if (address < states->start || !states->entry_size ||
	    offset % states->entry_size || offset / states->entry_size >= count)
		return count;
	return (uint32_t)(offset / states->entry_size);
}

/*
 * Every teardown must undo an entry of the init table (point at its
 * state), on exactly its subarchs, with a routine, and no entry may have
 * two.
 */
static int read_teardowns(const struct image *img, const struct table *t,
			  struct teardowns *td)
{
	struct table_bounds b, states;
	const struct symbol *state_bounds =
		global_object(img, "init_state_bounds");
	long count = table_entries(
		img, "teardown_table_bounds", sizeof(struct teardown_entry),
		__alignof__(struct teardown_entry), "E_TEARDOWN_STRIDE", &b);

	if (count < 0)
		return -1;
	if (count && (!state_bounds || read_bounds(img, state_bounds, &states)))
		return -1;
	td->count = (uint32_t)count;
	td->entry = xcalloc(td->count + 1, sizeof(*td->entry));
	for (uint32_t i = 0; i < td->count; i++) {
		struct target_teardown raw;
		uint64_t at = b.start + (uint64_t)i * b.entry_size;
		char *name;
		uint32_t k;

		/* table_entries() found the whole table in the image. */
		if (!image_read(img, at, &raw, sizeof(raw)))
			return -1;
		name = image_string(img, raw.name);
		k = state_index(&states, t->count, raw.undoes);
		if (k == t->count) {
			error("E_TEARDOWN_NOT_AN_INIT_ENTRY: teardown %s (at "
			      "0x%lx) undoes the state at 0x%lx, which is not "
			      "an init entry's",
			      name ? name : "?", (unsigned long)at,
			      (unsigned long)raw.undoes);
			free(name);
			return -1;
		}
		const struct init_entry *e = &t->entries[k];
		char source[512];

		where(source, sizeof(source), e);
		if (!raw.teardown || !name || strcmp(name, e->name)) {
			error("E_TEARDOWN_MALFORMED: the teardown of %s "
			      "(%s) has %s: declare it with TEARDOWN_ENTRY",
			      e->name, source,
			      !raw.teardown ? "no routine" : "another name");
			free(name);
			return -1;
		}
		free(name);
		if (raw.subarchs != e->subarchs) {
			char mine[64], theirs[64];

			subarch_set_format(mine, sizeof(mine), raw.subarchs);
			subarch_set_format(theirs, sizeof(theirs), e->subarchs);
			error("E_TEARDOWN_SUBARCH_MISMATCH: the teardown of "
			      "%s runs on %s, its init entry (%s) on %s",
			      e->name, mine, source, theirs);
			return -1;
		}
		for (uint32_t j = 0; j < i; j++)
			if (td->entry[j] == k) {
				error("E_TEARDOWN_DUPLICATE: %s (%s) has two "
				      "teardowns",
				      e->name, source);
				return -1;
			}
		td->entry[i] = k;
	}
	return 0;
}

/* Which entries have a teardown, by init-table index. */
static bool has_teardown(const struct teardowns *td, uint32_t index)
{
	for (uint32_t i = 0; i < td->count; i++)
		if (td->entry[i] == index)
			return true;
	return false;
}

/* The order teardowns run in on a subarch: the sequence, reversed. */
static void print_teardown(const struct table *t, const uint32_t *order,
			   const struct teardowns *td, uint32_t bit,
			   const char *prefix)
{
	for (uint32_t k = t->count; k-- > 0;) {
		const struct init_entry *e = &t->entries[order[k]];

		if ((e->subarchs & bit) && has_teardown(td, order[k]))
			printf("%s%s\n", prefix, e->name);
	}
}

/* A target struct app_main (include/onepath/app.h). */
struct target_app_main {
	uint64_t name;
	uint64_t main;
};

/* At most one APP_MAIN; its name into app (or "" for none). */
static int check_app_main(const struct image *img, char *app, size_t size)
{
	struct table_bounds b;
	long count = table_entries(
		img, "app_main_bounds", sizeof(struct target_app_main),
		__alignof__(struct target_app_main), "E_APP_MAIN_STRIDE", &b);
	char names[512] = "";
	size_t length = 0;

	app[0] = '\0';
	for (long i = 0; i < count; i++) {
		struct target_app_main raw;
		char buffer[64];
		char *name;

		if (!image_read(img, b.start + (uint64_t)i * b.entry_size, &raw,
				sizeof(raw)))
			return -1;
		name = image_string(img, raw.name);
		length += (size_t)snprintf(
			names + length,
			length < sizeof(names) ? sizeof(names) - length : 0,
			"%s%s (%s)", i ? ", " : "", name ? name : "?",
			routine_name(img, raw.main, buffer, sizeof(buffer)));
		if (!i)
			snprintf(app, size, "%s", names);
		free(name);
	}
	if (count > 1) {
		error("E_APP_MAIN_DUPLICATE: %ld APP_MAIN entries: %s; an "
		      "image runs at most one app",
		      count, names);
		return -1;
	}
	return count < 0 ? -1 : 0;
}

/* --- main ----------------------------------------------------------------- */

static const char help[] =
	"NAME\n"
	"    inittab - check a kernel image's init table and print its run "
	"order\n"
	"\n"
	"SYNOPSIS\n"
	"    inittab [--subarch SUBARCH | --json | --sequence SUBARCH |\n"
	"             --teardown SUBARCH] [--dot FILE]\n"
	"            IMAGE.elf\n"
	"    inittab --makespan SUBARCH --costs BOOT.log IMAGE.elf\n"
	"    inittab --plan-c IMAGE.elf\n"
	"    inittab --help\n"
	"\n"
	"DESCRIPTION\n"
	"    Reads the init table of a linked, non-PIE x86-64 ELF image "
	"through\n"
	"    its global symbol init_table_bounds, checks it, and plans it with "
	"the\n"
	"    kernel's own planner: the sequences printed are those the kernel\n"
	"    will run.  The checks, each reported by name with the entries at\n"
	"    fault and where they are declared:\n"
	"\n"
	"    E_INIT_STRIDE              entries not exactly sizeof(struct\n"
	"                               init_entry) apart (padding)\n"
	"    E_INIT_DUPLICATE_NAME      two entries with one name\n"
	"    E_INIT_CYCLE               a dependency cycle, listed\n"
	"    E_INIT_LEVEL_INVERSION     a dependency at a later level\n"
	"    E_INIT_SUBARCH_MISMATCH    a dependency missing on a subarch its\n"
	"                               dependent runs on\n"
	"    E_INIT_MISSING_DEPENDENCY  a dependency that is not a table "
	"entry\n"
	"    E_INIT_NO_SUBARCH          an entry for no (or an unknown) "
	"subarch\n"
	"    E_INIT_GROUP_PRIORITY      two members of a group with one\n"
	"                               priority: only names would order them\n"
	"    E_INIT_GROUP_LEVEL         members of a group at two levels\n"
	"    E_TABLE_STATE_COUNT        a state table (X_state_bounds) not as\n"
	"                               long as its table (X_table_bounds)\n"
	"    E_INIT_MALFORMED           no name, init routine or dependency\n"
	"                               list, an unknown level or flag, a\n"
	"                               finish-group flag without a group\n"
	"    E_INIT_PLAN_STALE          the plan the image carries (its\n"
	"                               init_planned_* arrays) is not its\n"
	"                               table's\n"
	"\n"
	"    and, for the teardown table (kernel/teardown.h) and the app:\n"
	"\n"
	"    E_TEARDOWN_STRIDE            entries not whole struct\n"
	"                                 teardown_entry\n"
	"    E_TEARDOWN_NOT_AN_INIT_ENTRY a teardown of no init entry\n"
	"    E_TEARDOWN_MALFORMED         no routine, or not its entry's name\n"
	"    E_TEARDOWN_SUBARCH_MISMATCH  subarchs other than its entry's\n"
	"    E_TEARDOWN_DUPLICATE         two teardowns of one entry\n"
	"    E_APP_MAIN_DUPLICATE         more than one APP_MAIN\n"
	"\n"
	"OPTIONS\n"
	"    --subarch SUBARCH\n"
	"        The default report, limited to the entries SUBARCH (PC or "
	"XEN)\n"
	"        runs and to its sequence.\n"
	"    --sequence SUBARCH\n"
	"        Print only the names of the entries SUBARCH (PC or XEN) "
	"runs,\n"
	"        in order, one per line.\n"
	"    --teardown SUBARCH\n"
	"        Print only the names of the entries whose teardown SUBARCH\n"
	"        runs at an orderly exit, in order (the sequence reversed);\n"
	"        at run time only those of entries that ran.\n"
	"    --json\n"
	"        Print the entries, the order and the sequences as JSON.\n"
	"    --dot FILE\n"
	"        Also write the dependency graph to FILE in Graphviz DOT: one\n"
	"        node per entry (name, level, subarchs; coloured by subarch "
	"set:\n"
	"        green all, then blue, salmon, ... for each single subarch in\n"
	"        platforms/subarch_list.h order), clustered by level, an "
	"edge\n"
	"        from each dependency to its dependent.  Written once the "
	"table\n"
	"        is read, even if a later check fails: it shows the cycle.\n"
	"    --makespan SUBARCH --costs FILE\n"
	"        What the parallel walk can gain on SUBARCH, from the cycles "
	"of\n"
	"        each entry that ran in FILE (a boot log: its `init: NAME: "
	"ran\n"
	"        (N cycles)' lines; make bench keeps one): the serial levels "
	"(up\n"
	"        to the INIT_STARTS_CPUS entry's), the critical path, and "
	"the\n"
	"        makespan of the walk's greedy schedule on 1, 2, 4 and 8 "
	"CPUs.\n"
	"    --plan-c\n"
	"        Print the plan as C (init_planned_count, init_planned_order,\n"
	"        init_planned_group_before; tables/init_planned.h).  The\n"
	"        kernel's build plans its first link so, and links the result\n"
	"        into the image, which then runs that plan; every other mode\n"
	"        checks that a plan an image carries is its table's.\n"
	"    --help\n"
	"        Print this help.\n"
	"\n"
	"OUTPUT\n"
	"    By default, a table of every entry in table order (lines "
	"starting\n"
	"    with '#' or a space), each group's members in the order they "
	"are\n"
	"    tried, highest priority first (lines starting with '#'), then "
	"one\n"
	"    line per entry each subarch runs, in order, as `SUBARCH LEVEL\n"
	"    LEVEL-NAME ENTRY', for example\n"
	"\n"
	"        PC   5 CMDLINE  cmdline\n"
	"        XEN  5 CMDLINE  cmdline\n"
	"\n"
	"    Only these lines start with a subarch name and a blank.  An "
	"entry\n"
	"    in a sequence may still be skipped at run time: its detect\n"
	"    routine said no, or another entry finished its group.\n"
	"\n"
	"EXIT STATUS\n"
	"    0  the table is valid\n"
	"    1  the table breaks a rule: the named error is on standard "
	"error,\n"
	"       prefixed with \"inittab: \"\n"
	"    2  bad usage, or the file is not an image inittab can read\n"
	"\n"
	"EXAMPLES\n"
	"    inittab build/kernel.elf\n"
	"    inittab --sequence XEN build/kernel.elf | diff - "
	"expected-xen.txt\n"
	"    inittab --dot init.dot build/kernel.elf && dot -Tsvg init.dot\n";

static void usage_error(const char *what)
{
	error("%s", what);
	fputs("Try 'inittab --help'.\n", stderr);
}

/* SUBARCH_PC for "pc" or "PC", and so on; 0 for no such subarch. */
static uint32_t subarch_by_name(const char *name)
{
	for (size_t s = 0; s < SUBARCH_COUNT; s++)
		if (strcasecmp(name, subarch_names[s].name) == 0)
			return subarch_names[s].bit;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "sequence", required_argument, NULL, 's' },
		{ "teardown", required_argument, NULL, 't' },
		{ "subarch", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "dot", required_argument, NULL, 'd' },
		{ "makespan", required_argument, NULL, 'm' },
		{ "costs", required_argument, NULL, 'c' },
		{ "plan-c", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *dot = NULL, *costs = NULL;
	uint32_t sequence = 0, only = 0, teardown = 0, makespan = 0;
	bool json = false, plan_c = false;
	int c;

	tool_name = "inittab";
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'S':
			*(c == 's' ? &sequence : &only) =
				subarch_by_name(optarg);
			if (!subarch_by_name(optarg)) {
				usage_error(
					c == 's' ? "--sequence takes PC or XEN"
						 : "--subarch takes PC or XEN");
				return EXIT_USAGE;
			}
			break;
		case 't':
			teardown = subarch_by_name(optarg);
			if (!teardown) {
				usage_error("--teardown takes PC or XEN");
				return EXIT_USAGE;
			}
			break;
		case 'm':
			makespan = subarch_by_name(optarg);
			if (!makespan) {
				usage_error("--makespan takes PC or XEN");
				return EXIT_USAGE;
			}
			break;
		case 'c': costs = optarg; break;
		case 'j': json = true; break;
		case 'p': plan_c = true; break;
		case 'd': dot = optarg; break;
		case 'h': fputs(help, stdout); return EXIT_OK;
		default:
			fputs("Try 'inittab --help'.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage_error("expected one image file");
		return EXIT_USAGE;
	}
	if ((json && sequence) || (only && (json || sequence)) ||
	    (teardown && (json || sequence || only))) {
		usage_error("--subarch, --json, --sequence and --teardown "
			    "exclude each other");
		return EXIT_USAGE;
	}
	if (plan_c && (json || sequence || only || teardown || makespan)) {
		usage_error("--plan-c excludes every other output option");
		return EXIT_USAGE;
	}
	if (!makespan != !costs ||
	    (makespan && (json || sequence || only || teardown))) {
		usage_error("--makespan needs --costs, and excludes --subarch, "
			    "--json, --sequence and --teardown");
		return EXIT_USAGE;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		error("libelf is too old: %s", elf_errmsg(-1));
		return EXIT_USAGE;
	}

	struct image img;
	struct table t = { 0 };
	struct teardowns td = { 0 };
	char app[512];
	int status = EXIT_USAGE;
	struct init_state *state = NULL;
	uint32_t *order = NULL;

	if (image_open(&img, argv[optind]) || image_load_symbols(&img) ||
	    find_bounds(&img, &t.bounds))
		goto out;
	status = EXIT_TABLE;
	if (check_stride(&img, &t.bounds))
		goto out;
	status = read_table(&img, &t);
	if (status != EXIT_OK)
		goto out;
	if (dot && write_dot(dot, &t)) {
		status = EXIT_USAGE;
		goto out;
	}
	status = EXIT_TABLE;
	if (check_duplicates(&t))
		goto out;

	struct init_plan_diag diag;
	state = xcalloc(t.count, sizeof(*state));
	enum init_plan_error planned =
		init_plan(t.entries, state, t.count, &diag);
	if (planned != INIT_PLAN_OK) {
		error("%s", diag.message);
		if (planned == INIT_PLAN_MISSING_DEPENDENCY)
			explain_missing(&img, &t, diag.entry);
		goto out;
	}
	if (check_state_counts(&img) ||
	    (!plan_c && check_planned(&img, &t, state)))
		goto out;
	order = xcalloc(t.count, sizeof(*order));
	for (uint32_t k = 0; k < t.count; k++)
		order[k] = state[k].order;

	if (read_teardowns(&img, &t, &td) ||
	    check_app_main(&img, app, sizeof(app)))
		goto out;

	if (plan_c) {
		print_plan_c(&img, &t, state);
	} else if (makespan) {
		if (makespan_report(stdout, t.entries, t.count, order, makespan,
				    costs)) {
			status = EXIT_USAGE;
			goto out;
		}
	} else if (sequence) {
		print_sequence(&t, order, sequence);
	} else if (teardown) {
		print_teardown(&t, order, &td, teardown, "");
	} else if (json) {
		print_json(&img, &t, state, order);
	} else {
		print_default(&img, &t, state, order,
			      only ? only : SUBARCH_ALL);
		printf("#\n# The app: %s\n"
		       "# Teardown at an orderly exit, latest init entry "
		       "first, for the\n# entries that ran: subarch, "
		       "entry.\n",
		       app[0] ? app : "none (the boot ends after init)");
		for (size_t s = 0; s < SUBARCH_COUNT; s++)
			if (subarch_names[s].bit &
			    (only ? only : SUBARCH_ALL)) {
				char prefix[16];

				snprintf(prefix, sizeof(prefix), "# %-3s ",
					 subarch_names[s].name);
				print_teardown(&t, order, &td,
					       subarch_names[s].bit, prefix);
			}
	}
	status = fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
out:
	free(td.entry);
	free(order);
	free(state);
	table_free(&t);
	image_close(&img);
	return status;
}
