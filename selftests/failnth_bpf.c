// SPDX-License-Identifier: GPL-2.0
/*
 * failnth's BPF operations: program load with prog_ifindex, offloaded map
 * create and update, XDP attach and replace (offload and driver mode, over
 * rtnetlink as ip(8) does) and tc cls_bpf skip_sw filter add and replace.
 * Every call is the raw bpf(2) or netlink one, so the armed fault countdown
 * sees that one system call only: no library feature probes, and the netlink
 * socket is opened before arming.
 *
 * The state each run compares, beyond failnth.c's file trees: the IDs of
 * every BPF program and map, the port's XDP attachment (IFLA_XDP), its tc
 * ingress filters (kind, handle, program ID, flags with in_hw), the
 * offload slot (bpf_offloaded_id), the device memory in use (mem_used) and
 * the element the map update writes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <arpa/inet.h>
#include <glob.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "failnth.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TC_PARENT	TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)
#define TC_PRIO		1
#define TC_HANDLE	1
#define UPDATE_KEY	7	/* the hash map element map-update-hash adds */
#define ARRAY_KEY	3	/* the array element map-update-array rewrites */

static int ifindex;
static char ifname[IF_NAMESIZE];
static int nl = -1;
static __u32 nl_seq;
static int map_fd = -1, prog_a = -1, prog_b = -1, new_fd = -1;
static __u32 xdp_mode;

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(__u32 type, __u32 dev)
{
	union bpf_attr a = {
		.map_type = type, .key_size = 4, .value_size = 8,
		.max_entries = 16, .map_ifindex = dev,
	};

	return sys_bpf(BPF_MAP_CREATE, &a);
}

static int map_update(int fd, __u32 key, __u64 val, __u64 flags)
{
	union bpf_attr a = {
		.map_fd = fd, .key = (__u64)(unsigned long)&key,
		.value = (__u64)(unsigned long)&val, .flags = flags,
	};

	return sys_bpf(BPF_MAP_UPDATE_ELEM, &a) ? errno : 0;
}

static int map_delete(int fd, __u32 key)
{
	union bpf_attr a = { .map_fd = fd, .key = (__u64)(unsigned long)&key };

	return sys_bpf(BPF_MAP_DELETE_ELEM, &a) ? errno : 0;
}

static char vlog[1 << 16];

/* The verifier log's last two lines, once per errno other than ENOMEM. */
static void last_log_lines(int err)
{
	static unsigned char seen[256];
	char *end = vlog + strnlen(vlog, sizeof(vlog) - 1), *p = end;
	int lines = 0;

	if (err >= 256 || seen[err]++)
		return;
	while (p > vlog && (p[-1] == '\n' || p[-1] == 0))
		p--;
	while (p > vlog && lines < 2)
		if (*--p == '\n' && ++lines == 2)
			p++;
	fprintf(stderr, "# %s, verifier log ends: ", strerrorname_np(err));
	for (; p < end; p++)
		fputs(*p == '\n' ? " | " : (char[]){ *p, 0 }, stderr);
	fputc('\n', stderr);
}

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/*
 * "count the packet in map[0], return VERDICT" when map is >= 0, else just
 * "return VERDICT". Bound to the port when bound, as ip/tc "offload" does.
 */
static int prog_load(__u32 type, int map, int verdict, int bound)
{
	struct bpf_insn insns[] = {
		INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),
		INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 3, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_0, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, 1),
		INSN(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_0, BPF_REG_1, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, verdict),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	int first = map >= 0 ? 0 : ARRAY_SIZE(insns) - 2;
	union bpf_attr a = {
		.prog_type = type, .insns = (__u64)(unsigned long)(insns + first),
		.insn_cnt = ARRAY_SIZE(insns) - first,
		.license = (__u64)(unsigned long)"GPL",
		.prog_ifindex = bound ? ifindex : 0,
		/* as ip and tc load: with a log (its pages already present) */
		.log_buf = (__u64)(unsigned long)vlog, .log_size = sizeof(vlog),
		.log_level = 1,
	};
	int fd;

	vlog[0] = 0;
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0 && errno != ENOMEM)
		last_log_lines(errno);
	return fd;
}

static int load_or_die(__u32 type, int map, int verdict, int bound)
{
	int fd = prog_load(type, map, verdict, bound);

	if (fd < 0)
		failnth_die("failnth: load a %s program for %s: %s\n",
			    type == BPF_PROG_TYPE_XDP ? "XDP" : "tc", ifname,
			    strerrorname_np(errno));
	return fd;
}

/* Netlink: one request, one message built in place. */
struct nl_req {
	struct nlmsghdr nh;
	char buf[1024];
};

static struct rtattr *nl_put(struct nlmsghdr *nh, int type, const void *data, int len)
{
	struct rtattr *rta = (void *)nh + NLMSG_ALIGN(nh->nlmsg_len);

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void nl_put_u32(struct nlmsghdr *nh, int type, __u32 v)
{
	nl_put(nh, type, &v, sizeof(v));
}

static void nl_nest_end(struct nlmsghdr *nh, struct rtattr *nest)
{
	nest->rta_len = (void *)nh + nh->nlmsg_len - (void *)nest;
}

/*
 * Send a request and read its acknowledgement: 0 or a positive errno from
 * the kernel. A receive error of ENOBUFS means the ack itself was not
 * allocated (the request was carried out): FAILNTH_ACK_LOST.
 */
static int nl_talk(struct nlmsghdr *nh)
{
	static char rbuf[16384];

	nh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = ++nl_seq;
	if (send(nl, nh, nh->nlmsg_len, 0) < 0)
		return errno;
	for (;;) {
		ssize_t n = recv(nl, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *r;

		if (n < 0)
			return errno == ENOBUFS ? FAILNTH_ACK_LOST : errno;
		for (r = (void *)rbuf; NLMSG_OK(r, n); r = NLMSG_NEXT(r, n)) {
			struct nlmsgerr *e = NLMSG_DATA(r);

			if (r->nlmsg_type == NLMSG_ERROR && r->nlmsg_seq == nl_seq)
				return -e->error;
		}
	}
}

/* IFLA_XDP with FD in MODE (-1: detach). */
static int xdp_set(int fd, __u32 flags)
{
	struct nl_req req = {
		.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.nh.nlmsg_type = RTM_SETLINK,
	};
	struct ifinfomsg *ifi = NLMSG_DATA(&req.nh);
	struct rtattr *nest;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	nest = nl_put(&req.nh, IFLA_XDP | NLA_F_NESTED, NULL, 0);
	nl_put_u32(&req.nh, IFLA_XDP_FD, fd);
	nl_put_u32(&req.nh, IFLA_XDP_FLAGS, flags);
	nl_nest_end(&req.nh, nest);
	return nl_talk(&req.nh);
}

/* A cls_bpf filter on ingress, prio 1 handle 1, as "tc filter" sends it. */
static int tc_filter(int type, __u16 flags, int fd)
{
	struct nl_req req = {
		.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg)),
		.nh.nlmsg_type = type,
		.nh.nlmsg_flags = flags,
	};
	struct tcmsg *t = NLMSG_DATA(&req.nh);
	struct rtattr *nest;

	t->tcm_family = AF_UNSPEC;
	t->tcm_ifindex = ifindex;
	t->tcm_handle = TC_HANDLE;
	t->tcm_parent = TC_PARENT;
	t->tcm_info = TC_H_MAKE(TC_PRIO << 16, htons(ETH_P_ALL));
	nl_put(&req.nh, TCA_KIND, "bpf", 4);
	if (fd >= 0) {
		nest = nl_put(&req.nh, TCA_OPTIONS | NLA_F_NESTED, NULL, 0);
		nl_put_u32(&req.nh, TCA_BPF_FD, fd);
		nl_put(&req.nh, TCA_BPF_NAME, "failnth", 8);
		nl_put_u32(&req.nh, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
		nl_put_u32(&req.nh, TCA_BPF_FLAGS_GEN, TCA_CLS_FLAGS_SKIP_SW);
		nl_nest_end(&req.nh, nest);
	}
	return nl_talk(&req.nh);
}

/* Each u32/u8 attribute of a nest as "PREFIX type=value". */
static void state_nest(const char *prefix, struct rtattr *nest)
{
	int len = RTA_PAYLOAD(nest);
	struct rtattr *a;

	for (a = RTA_DATA(nest); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		__u32 v = 0;

		if (RTA_PAYLOAD(a) == 1)
			v = *(__u8 *)RTA_DATA(a);
		else if (RTA_PAYLOAD(a) == 4)
			v = *(__u32 *)RTA_DATA(a);
		else
			continue;
		failnth_state("%s %u=%u", prefix, a->rta_type, v);
	}
}

/* Dump request; every reply message goes to fn until NLMSG_DONE. */
static void nl_dump(struct nlmsghdr *nh, void (*fn)(struct nlmsghdr *))
{
	static char rbuf[32768];

	nh->nlmsg_flags |= NLM_F_REQUEST;
	nh->nlmsg_seq = ++nl_seq;
	if (send(nl, nh, nh->nlmsg_len, 0) < 0)
		failnth_die("failnth: netlink dump: %s\n", strerror(errno));
	for (;;) {
		ssize_t n = recv(nl, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *r;

		if (n < 0)
			failnth_die("failnth: netlink dump: %s\n", strerror(errno));
		for (r = (void *)rbuf; NLMSG_OK(r, n); r = NLMSG_NEXT(r, n)) {
			if (r->nlmsg_seq != nl_seq)
				continue;
			if (r->nlmsg_type == NLMSG_DONE)
				return;
			if (r->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(r);

				if (!e->error)
					return;
				failnth_die("failnth: netlink dump: %s\n", strerror(-e->error));
			}
			fn(r);
		}
		if (!(nh->nlmsg_flags & NLM_F_DUMP))
			return;
	}
}

static void link_msg(struct nlmsghdr *r)
{
	struct ifinfomsg *ifi = NLMSG_DATA(r);
	int len = IFLA_PAYLOAD(r);
	struct rtattr *a;

	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) == IFLA_XDP)
			state_nest("xdp", a);
}

static void filter_msg(struct nlmsghdr *r)
{
	struct tcmsg *t = NLMSG_DATA(r);
	int len = r->nlmsg_len - NLMSG_LENGTH(sizeof(*t));
	struct rtattr *a;

	failnth_state("tc filter info=%#x handle=%#x", t->tcm_info, t->tcm_handle);
	for (a = (void *)t + NLMSG_ALIGN(sizeof(*t)); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) == TCA_OPTIONS && t->tcm_handle)
			state_nest("tc filter options", a);
}

static void file_state(const char *pattern)
{
	glob_t g;
	size_t i;

	if (glob(pattern, 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		char buf[64] = "";
		FILE *f = fopen(g.gl_pathv[i], "r");

		if (f) {
			if (!fgets(buf, sizeof(buf), f))
				buf[0] = 0;
			fclose(f);
		}
		buf[strcspn(buf, "\n")] = 0;
		failnth_state("%s: %s", g.gl_pathv[i], buf);
	}
	globfree(&g);
}

static void ids_state(int cmd, const char *what)
{
	union bpf_attr a = { .start_id = 0 };

	while (!sys_bpf(cmd, &a)) {
		failnth_state("%s id %u", what, a.next_id);
		a.start_id = a.next_id;
	}
}

static void bpf_state(void)
{
	struct nl_req req = {
		.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.nh.nlmsg_type = RTM_GETLINK,
	};
	struct ifinfomsg *ifi = NLMSG_DATA(&req.nh);
	struct tcmsg *t;

	ids_state(BPF_PROG_GET_NEXT_ID, "prog");
	ids_state(BPF_MAP_GET_NEXT_ID, "map");
	file_state("/sys/kernel/debug/nfpsim/*/mem_used");
	file_state("/sys/kernel/debug/nfpsim/*/ports/*/bpf_offloaded_id");
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	nl_dump(&req.nh, link_msg);

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg));
	req.nh.nlmsg_type = RTM_GETTFILTER;
	req.nh.nlmsg_flags = NLM_F_DUMP;
	t = NLMSG_DATA(&req.nh);
	t->tcm_family = AF_UNSPEC;
	t->tcm_ifindex = ifindex;
	t->tcm_parent = TC_PARENT;
	nl_dump(&req.nh, filter_msg);
}

static void map_elem_state(__u32 key)
{
	union bpf_attr a = { .map_fd = map_fd, .key = (__u64)(unsigned long)&key };
	__u64 val = 0;

	a.value = (__u64)(unsigned long)&val;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a))
		failnth_state("map element %u: %s", key, strerrorname_np(errno));
	else
		failnth_state("map element %u: %#llx", key, (unsigned long long)val);
	bpf_state();
}

static int close_new(void)
{
	close(new_fd);
	new_fd = -1;
	return 0;
}

static int fd_or_errno(int fd)
{
	new_fd = fd;
	return fd < 0 ? errno : 0;
}

/* prog-load: an XDP program using an offloaded map, bound to the port. */
static int run_prog_load(void)
{
	return fd_or_errno(prog_load(BPF_PROG_TYPE_XDP, map_fd, XDP_PASS, 1));
}

static int run_map_create_array(void)
{
	return fd_or_errno(map_create(BPF_MAP_TYPE_ARRAY, ifindex));
}

static int run_map_create_hash(void)
{
	return fd_or_errno(map_create(BPF_MAP_TYPE_HASH, ifindex));
}

static int run_map_update_hash(void)
{
	return map_update(map_fd, UPDATE_KEY, 0x2222, BPF_NOEXIST);
}

static int undo_map_update_hash(void)
{
	return map_delete(map_fd, UPDATE_KEY);
}

static void state_map_update_hash(void)
{
	map_elem_state(UPDATE_KEY);
}

static int run_map_update_array(void)
{
	return map_update(map_fd, ARRAY_KEY, 0x2222, BPF_ANY);
}

static int undo_map_update_array(void)
{
	return map_update(map_fd, ARRAY_KEY, 0x1111, BPF_ANY);
}

static void state_map_update_array(void)
{
	map_elem_state(ARRAY_KEY);
}

static int run_xdp_attach(void)
{
	return xdp_set(prog_a, xdp_mode | XDP_FLAGS_UPDATE_IF_NOEXIST);
}

static int undo_xdp_attach(void)
{
	return xdp_set(-1, xdp_mode);
}

static int run_xdp_replace(void)
{
	return xdp_set(prog_b, xdp_mode);
}

static int undo_xdp_replace(void)
{
	return xdp_set(prog_a, xdp_mode);
}

static void fini_xdp(void)
{
	xdp_set(-1, xdp_mode);
}

static int run_tc_add(void)
{
	return tc_filter(RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL, prog_a);
}

static int undo_tc_add(void)
{
	return tc_filter(RTM_DELTFILTER, 0, -1);
}

static int run_tc_replace(void)
{
	return tc_filter(RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_REPLACE, prog_b);
}

static int undo_tc_replace(void)
{
	return tc_filter(RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_REPLACE, prog_a);
}

static void fini_tc(void)
{
	tc_filter(RTM_DELTFILTER, 0, -1);
}

enum setup { S_NONE, S_ARRAY, S_HASH, S_XDP_HW, S_XDP_DRV, S_TC };

static const struct bpf_op {
	const char *name;
	enum setup setup;
	bool attach_a;		/* the replace operations start from program A */
	struct failnth_op op;
} bpf_ops[] = {
	{ "prog-load", S_ARRAY, false,
	  { .run = run_prog_load, .undo = close_new, .state = bpf_state } },
	{ "map-create-array", S_NONE, false,
	  { .run = run_map_create_array, .undo = close_new, .state = bpf_state } },
	{ "map-create-hash", S_NONE, false,
	  { .run = run_map_create_hash, .undo = close_new, .state = bpf_state } },
	{ "map-update-hash", S_HASH, false,
	  { .run = run_map_update_hash, .undo = undo_map_update_hash,
	    .state = state_map_update_hash } },
	{ "map-update-array", S_ARRAY, false,
	  { .run = run_map_update_array, .undo = undo_map_update_array,
	    .state = state_map_update_array } },
	{ "xdp-offload-attach", S_XDP_HW, false,
	  { .run = run_xdp_attach, .undo = undo_xdp_attach, .state = bpf_state,
	    .fini = fini_xdp } },
	{ "xdp-offload-replace", S_XDP_HW, true,
	  { .run = run_xdp_replace, .undo = undo_xdp_replace, .state = bpf_state,
	    .fini = fini_xdp } },
	{ "xdp-drv-attach", S_XDP_DRV, false,
	  { .run = run_xdp_attach, .undo = undo_xdp_attach, .state = bpf_state,
	    .fini = fini_xdp } },
	{ "xdp-drv-replace", S_XDP_DRV, true,
	  { .run = run_xdp_replace, .undo = undo_xdp_replace, .state = bpf_state,
	    .fini = fini_xdp } },
	{ "tc-add", S_TC, false,
	  { .run = run_tc_add, .undo = undo_tc_add, .state = bpf_state, .fini = fini_tc } },
	{ "tc-replace", S_TC, true,
	  { .run = run_tc_replace, .undo = undo_tc_replace, .state = bpf_state,
	    .fini = fini_tc } },
};

void failnth_bpf_list(FILE *f)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bpf_ops); i++)
		fprintf(f, " %s", bpf_ops[i].name);
	fputc('\n', f);
}

const struct failnth_op *failnth_bpf_op(const char *name, int argc, char **argv)
{
	const struct bpf_op *o = NULL;
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(bpf_ops); i++)
		if (!strcmp(bpf_ops[i].name, name))
			o = &bpf_ops[i];
	if (!o)
		return NULL;
	if (argc != 1)
		failnth_die("failnth: -b %s takes one port (a netdev name)\n", name);
	snprintf(ifname, sizeof(ifname), "%s", argv[0]);
	ifindex = if_nametoindex(ifname);
	if (!ifindex)
		failnth_die("failnth: no netdev %s\n", ifname);
	memset(vlog, 1, sizeof(vlog));
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl < 0)
		failnth_die("failnth: netlink socket: %s\n", strerror(errno));

	switch (o->setup) {
	case S_ARRAY:
	case S_HASH:
		map_fd = map_create(o->setup == S_ARRAY ? BPF_MAP_TYPE_ARRAY : BPF_MAP_TYPE_HASH,
				    ifindex);
		if (map_fd < 0)
			failnth_die("failnth: offloaded map on %s: %s\n", ifname,
				    strerrorname_np(errno));
		if (o->setup == S_ARRAY && map_update(map_fd, ARRAY_KEY, 0x1111, BPF_ANY))
			failnth_die("failnth: array element %d: %s\n", ARRAY_KEY,
				    strerrorname_np(errno));
		break;
	case S_XDP_HW:
	case S_XDP_DRV:
		xdp_mode = o->setup == S_XDP_HW ? XDP_FLAGS_HW_MODE : XDP_FLAGS_DRV_MODE;
		prog_a = load_or_die(BPF_PROG_TYPE_XDP, -1, XDP_PASS, o->setup == S_XDP_HW);
		prog_b = load_or_die(BPF_PROG_TYPE_XDP, -1, XDP_DROP, o->setup == S_XDP_HW);
		break;
	case S_TC:
		prog_a = load_or_die(BPF_PROG_TYPE_SCHED_CLS, -1, TC_ACT_OK, 1);
		prog_b = load_or_die(BPF_PROG_TYPE_SCHED_CLS, -1, TC_ACT_SHOT, 1);
		break;
	case S_NONE:
		break;
	}
	if (o->attach_a) {
		err = o->setup == S_TC ? run_tc_add() : run_xdp_attach();
		if (err)
			failnth_die("failnth: attach program A to %s: %s\n", ifname,
				    err > 0 ? strerrorname_np(err) : "ack lost");
	}
	return &o->op;
}
