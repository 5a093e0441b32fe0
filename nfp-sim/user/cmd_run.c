// SPDX-License-Identifier: GPL-2.0
/* nfpsim run: run one program on every packet of a pcap file. */
#include "cli.h"
#include "device.h"
#include "env.h"
#include "pcap.h"
#include "report.h"

static const char run_usage[] =
	"usage: nfpsim run OBJ --pcap IN [options]\n"
	"Run a BPF program of OBJ in the NIC simulator on every packet of IN;\n"
	"print verdict, lengths, cycles and fault per packet, counters, cycle\n"
	"statistics and the maps after the run.\n"
	NFPSIM_DEV_USAGE
	"  --pcap IN            input packets (classic pcap, any byte order)\n"
	"  --out OUT            output pcap: one record per input packet, any verdict\n"
	"  --json               one JSON document instead of text\n"
	"  --dense              dump every array element; by default all-zero\n"
	"                       ones are left out and counted (JSON: \"zeros\")\n"
	"  --map NAME:KEY:VAL   preload a map entry (hex bytes, memory order); repeatable\n"
	"  --repeat N           run each packet N times (maps see every run)\n"
	"  --ifindex N          tc: skb->ifindex; xdp: the receiving device, whose\n"
	"                       ifindex is ingress_ifindex (default 1, loopback)\n"
	"  --ingress-ifindex N  skb->ingress_ifindex / xdp_md ingress_ifindex\n"
	"                       (defaults as BPF_PROG_TEST_RUN: tc 0, xdp --ifindex)\n"
	"  --mark N             tc: skb->mark on entry (default 0)\n"
	"  --priority N         tc: skb->priority on entry (default 0)\n"
	"  --short-frames       run frames BPF_PROG_TEST_RUN refuses (under 14 bytes;\n"
	"                       tc: IPv4 under 34, IPv6 under 54); default: refuse\n"
	"  --queue N            rx queue index (default 0)\n"
	"  --seed N             seed of bpf_get_prandom_u32() (default fixed)\n"
	"  --budget N           per-packet cycle budget (watchdog)\n"
	"  --profile            print the microcode with execution counts\n"
	"  -h, --help           this text\n";

enum {
	RUN_PCAP = 0x200, RUN_OUT, RUN_JSON, RUN_REPEAT, RUN_IFINDEX, RUN_QUEUE, RUN_SEED,
	RUN_BUDGET, RUN_PROFILE, RUN_INGRESS_IFINDEX, RUN_SHORT_FRAMES, RUN_DENSE, RUN_MARK,
	RUN_PRIORITY,
};

static const struct option run_opts[] = {
	NFPSIM_DEV_LONGOPTS,
	{ "pcap", required_argument, NULL, RUN_PCAP },
	{ "out", required_argument, NULL, RUN_OUT },
	{ "json", no_argument, NULL, RUN_JSON },
	{ "dense", no_argument, NULL, RUN_DENSE },
	{ "repeat", required_argument, NULL, RUN_REPEAT },
	{ "ifindex", required_argument, NULL, RUN_IFINDEX },
	{ "ingress-ifindex", required_argument, NULL, RUN_INGRESS_IFINDEX },
	{ "short-frames", no_argument, NULL, RUN_SHORT_FRAMES },
	{ "mark", required_argument, NULL, RUN_MARK },
	{ "priority", required_argument, NULL, RUN_PRIORITY },
	{ "queue", required_argument, NULL, RUN_QUEUE },
	{ "seed", required_argument, NULL, RUN_SEED },
	{ "budget", required_argument, NULL, RUN_BUDGET },
	{ "profile", no_argument, NULL, RUN_PROFILE },
	{ "help", no_argument, NULL, 'h' },
	{}
};

/**
 * struct run_opts - options of `nfpsim run` besides the device's
 * @pcap_in: path of the input pcap
 * @pcap_out: path of the output pcap, or NULL
 * @json: JSON output
 * @dense: dump all-zero array elements too
 * @profile: per-word execution counts
 * @short_frames: run frames BPF_PROG_TEST_RUN refuses
 * @repeat: runs per packet
 * @ifindex: context field (xdp_md ingress_ifindex, __sk_buff ifindex)
 * @queue: context field (rx_queue_index, queue_mapping)
 * @ingress_ifindex: context field, -1 for BPF_PROG_TEST_RUN's default
 * @mark: tc context field on entry
 * @priority: tc context field on entry
 * @seed: prandom seed
 * @budget: cycle budget per run
 */
struct run_opts {
	const char *pcap_in;
	const char *pcap_out;
	bool json;
	bool dense;
	bool profile;
	bool short_frames;
	u64 repeat;
	u64 ifindex;
	s64 ingress_ifindex;
	u64 mark;
	u64 priority;
	u64 queue;
	u64 seed;
	u64 budget;
};

/**
 * struct run_state - one `nfpsim run`
 * @o: options
 * @dev: device, program and maps
 * @env: environment, recorded events
 * @cpu: the microengine context
 * @in: input packets
 * @out: output pcap writer (@out.f NULL without --out)
 * @res: per packet results
 * @profile: per microcode word counters, or NULL
 */
struct run_state {
	struct run_opts o;
	struct nfpsim_dev dev;
	struct nfpsim_env env;
	struct nfps_cpu *cpu;
	struct nfpsim_pcap in;
	struct nfpsim_pcap_writer out;
	struct nfpsim_pkt_result *res;
	u64 *profile;
};

static int run_parse_num(const char *opt, const char *arg, u64 min, u64 max, u64 *v)
{
	if (cli_parse_u64(arg, min, max, v))
		return cli_err("--%s: '%s' is not a number in [%llu, %llu]", opt, arg,
			       (unsigned long long)min, (unsigned long long)max);
	return 0;
}

static int run_opt(struct run_opts *o, int c, const char *arg)
{
	u64 v;

	switch (c) {
	case RUN_PCAP:
		o->pcap_in = arg;
		return 0;
	case RUN_OUT:
		o->pcap_out = arg;
		return 0;
	case RUN_JSON:
		o->json = true;
		return 0;
	case RUN_DENSE:
		o->dense = true;
		return 0;
	case RUN_PROFILE:
		o->profile = true;
		return 0;
	case RUN_SHORT_FRAMES:
		o->short_frames = true;
		return 0;
	case RUN_INGRESS_IFINDEX:
		if (run_parse_num("ingress-ifindex", arg, 0, UINT32_MAX, &v))
			return 1;
		o->ingress_ifindex = v;
		return 0;
	case RUN_REPEAT:
		return run_parse_num("repeat", arg, 1, 1000000, &o->repeat);
	case RUN_IFINDEX:
		return run_parse_num("ifindex", arg, 0, UINT32_MAX, &o->ifindex);
	case RUN_QUEUE:
		return run_parse_num("queue", arg, 0, UINT32_MAX, &o->queue);
	case RUN_MARK:
		return run_parse_num("mark", arg, 0, UINT32_MAX, &o->mark);
	case RUN_PRIORITY:
		return run_parse_num("priority", arg, 0, UINT32_MAX, &o->priority);
	case RUN_SEED:
		return run_parse_num("seed", arg, 0, UINT64_MAX, &o->seed);
	case RUN_BUDGET:
		return run_parse_num("budget", arg, 1, UINT32_MAX, &o->budget);
	case 'h':
		fputs(run_usage, stdout);
		return -1;
	}
	return 1;
}

/* skb->protocol as eth_type_trans() sets it for BPF_PROG_TEST_RUN. */
static u32 run_eth_protocol(const u8 *frame, u32 len)
{
	u16 proto;

	if (len < 14)
		return 0;
	memcpy(&proto, frame + 12, sizeof(proto));
	if (be16_to_cpu(proto) >= 0x600)		/* ETH_P_802_3_MIN */
		return proto;
	if (len >= 16 && frame[14] == 0xff && frame[15] == 0xff)
		return cpu_to_be16(0x0001);		/* ETH_P_802_3: raw IPX */
	return cpu_to_be16(0x0004);			/* ETH_P_802_2 */
}

/*
 * The context as BPF_PROG_TEST_RUN builds it: tc runs on loopback (ifindex
 * 1) with skb_iif from the zeroed __sk_buff (0); XDP's rxq is loopback's.
 */
static void run_ctx(const struct run_state *st, const struct nfpsim_pcap_pkt *p,
		    struct nfps_run *run)
{
	memset(run, 0, sizeof(*run));
	if (st->o.ingress_ifindex >= 0)
		run->ingress_ifindex = st->o.ingress_ifindex;
	else
		run->ingress_ifindex = st->dev.type == NFPS_PROG_TC ? 0 : st->o.ifindex;
	run->rx_queue_index = st->o.queue;
	run->ifindex = st->o.ifindex;
	run->protocol = run_eth_protocol(p->data, p->caplen);
	if (st->dev.type == NFPS_PROG_TC) {
		/* what BPF_PROG_TEST_RUN takes from ctx_in's __sk_buff */
		run->mark = st->o.mark;
		run->priority = st->o.priority;
	}
}

/*
 * Why BPF_PROG_TEST_RUN would refuse this frame (-EINVAL, net/bpf/test_run.c
 * of 6.1 to 7.3), or NULL: shorter than an Ethernet header, or for tc an
 * IPv4/IPv6 frame without room for its network header past it.
 */
static const char *run_refusal(const struct run_state *st, const struct nfpsim_pcap_pkt *p)
{
	u32 proto;

	if (st->dev.type == NFPS_PROG_RAW || st->o.short_frames)
		return NULL;
	if (p->caplen < 14)
		return "under 14 bytes (no Ethernet header)";
	if (st->dev.type != NFPS_PROG_TC)
		return NULL;
	proto = be16_to_cpu(run_eth_protocol(p->data, p->caplen));
	if (proto == 0x0800 && p->caplen < 14 + 20)
		return "IPv4 under 34 bytes (no IPv4 header)";
	if (proto == 0x86dd && p->caplen < 14 + 40)
		return "IPv6 under 54 bytes (no IPv6 header)";
	return NULL;
}

/* Write the frame the program left (XDP: with its metadata, as test_run). */
static int run_emit(struct run_state *st, u32 i, const struct nfpsim_pcap_pkt *p)
{
	u32 len = 0, meta = 0;
	u8 *frame = nfps_cpu_pkt(st->cpu, &len, &meta);

	if (st->dev.type == NFPS_PROG_XDP && frame) {
		frame -= meta;
		len += meta;
	}
	st->res[i].len_out = frame ? len : 0;
	if (st->o.json && st->res[i].len_out) {
		st->res[i].out = malloc(st->res[i].len_out);
		if (!st->res[i].out)
			return cli_err("out of memory");
		memcpy(st->res[i].out, frame, st->res[i].len_out);
	}
	if (!st->out.f)
		return 0;
	if (nfpsim_pcap_write(&st->out, p->ts_ns, frame, st->res[i].len_out,
			      st->res[i].len_out))
		return cli_err("%s: write error", st->o.pcap_out);
	return 0;
}

/*
 * A frame the packet buffer cannot take, or BPF_PROG_TEST_RUN would refuse
 * (@why): no run, an empty output record.
 */
static int run_unloadable(struct run_state *st, u32 i, int err, const char *why)
{
	const struct nfpsim_pcap_pkt *p = &st->in.pkts[i];

	if (why)
		fprintf(stderr, "nfpsim: packet %u: %u bytes, %s: BPF_PROG_TEST_RUN refuses it; pad the frame, or run it anyway with --short-frames\n",
			i, p->caplen, why);
	else if (!st->o.json)
		fprintf(stderr, "nfpsim: packet %u: %u bytes do not fit the NIC packet buffer (max %d)\n",
			i, p->caplen, NFPS_PKT_MAX);
	st->res[i] = (struct nfpsim_pkt_result){ .len_in = p->caplen, .load_err = err,
						 .refused = !!why };
	if (st->out.f && nfpsim_pcap_write(&st->out, p->ts_ns, NULL, 0, 0))
		return cli_err("%s: write error", st->o.pcap_out);
	return 0;
}

static int run_packet(struct run_state *st, u32 i)
{
	const struct nfpsim_pcap_pkt *p = &st->in.pkts[i];
	struct nfpsim_pkt_result *res = &st->res[i];
	struct nfps_run run;
	u64 cycles = 0, r;
	int ret;

	const char *why = run_refusal(st, p);

	st->env.pkt = i;
	if (why)
		return run_unloadable(st, i, -EINVAL, why);
	for (r = 0; r < st->o.repeat; r++) {
		run_ctx(st, p, &run);
		ret = nfps_cpu_load_pkt(st->cpu, p->data, p->caplen);
		if (ret)
			return run_unloadable(st, i, ret, NULL);
		if (nfps_run(st->dev.prog, st->cpu, &run, st->profile, st->o.budget))
			return cli_err("packet %u: the simulator refused to run", i);
		cycles += run.cycles;
	}
	*res = (struct nfpsim_pkt_result){
		.retval = run.retval, .fault = run.fault, .cycles = cycles / st->o.repeat,
		.len_in = p->caplen, .mark = run.mark, .priority = run.priority,
	};
	return run_emit(st, i, p);
}

static int run_open_io(struct run_state *st)
{
	char err[256];
	FILE *f;

	if (nfpsim_pcap_read(st->o.pcap_in, &st->in, err, sizeof(err)))
		return cli_err("%s: %s", st->o.pcap_in, err);
	if (st->in.linktype != NFPSIM_PCAP_LINKTYPE_ETHERNET && st->dev.type != NFPS_PROG_RAW)
		return cli_err("%s: link type %u; xdp and tc programs need Ethernet (1)",
			       st->o.pcap_in, st->in.linktype);
	if (!st->o.pcap_out)
		return 0;
	f = fopen(st->o.pcap_out, "wb");
	if (!f)
		return cli_err("%s: %s", st->o.pcap_out, strerror(errno));
	if (nfpsim_pcap_writer_init(&st->out, f, st->in.linktype, false, false))
		return cli_err("%s: write error", st->o.pcap_out);
	return 0;
}

static int run_setup(struct run_state *st)
{
	struct nfps_prog_info info = {};

	if (run_open_io(st))
		return 1;
	st->res = calloc(st->in.nr + 1, sizeof(*st->res));
	nfps_prog_get_info(st->dev.prog, &info);
	if (st->o.profile)
		st->profile = calloc(info.ucode_words + 1, sizeof(*st->profile));
	nfpsim_env_init(&st->env, st->o.seed);
	st->cpu = nfps_cpu_create(&nfpsim_env_ops, &st->env);
	if (!st->res || !st->cpu || (st->o.profile && !st->profile))
		return cli_err("out of memory");
	return 0;
}

static int run_all(struct run_state *st)
{
	struct nfpsim_report rep = { &st->dev, &st->env, st->res, st->in.nr, st->profile,
				     st->o.dense };
	u32 i;

	for (i = 0; i < st->in.nr; i++)
		if (run_packet(st, i))
			return 1;
	if (st->env.err)
		return cli_err("out of memory recording perf events");
	if (st->out.f && fflush(st->out.f))
		return cli_err("%s: write error", st->o.pcap_out);
	return st->o.json ? nfpsim_report_json(stdout, &rep) : nfpsim_report_text(stdout, &rep);
}

static void run_teardown(struct run_state *st)
{
	u32 i;

	if (st->cpu)
		nfps_cpu_destroy(st->cpu);
	if (st->out.f && fclose(st->out.f))
		cli_err("%s: write error", st->o.pcap_out);
	nfpsim_env_free(&st->env);
	for (i = 0; st->res && i < st->in.nr; i++)
		free(st->res[i].out);
	nfpsim_pcap_free(&st->in);
	free(st->res);
	free(st->profile);
	nfpsim_dev_close(&st->dev);
}

static int run_parse(struct run_opts *o, struct nfpsim_dev_opts *dopts, int argc, char **argv)
{
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", run_opts, NULL)) != -1) {
		ret = nfpsim_dev_parse_opt(dopts, c, optarg);
		if (ret == -ENOENT)
			ret = run_opt(o, c, optarg);
		if (ret == 1 && c == '?')
			cli_bad_opt("run", argv);
		if (ret)
			return ret;
	}
	if (optind != argc - 1 || !o->pcap_in)
		return cli_err("run: want OBJ and --pcap IN (see nfpsim run --help)");
	dopts->obj = argv[optind];
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_state st = {
		.o = { .repeat = 1, .ifindex = 1, .ingress_ifindex = -1,
		       .budget = NFPS_CYCLE_BUDGET_DEFAULT },
	};
	struct nfpsim_dev_opts dopts;
	int ret;

	nfpsim_dev_opts_init(&dopts);
	ret = run_parse(&st.o, &dopts, argc, argv);
	if (ret) {
		nfpsim_dev_opts_free(&dopts);
		return ret < 0 ? 0 : ret;	/* -1: --help */
	}
	ret = nfpsim_dev_open(&st.dev, &dopts);
	if (!ret)
		ret = run_setup(&st);
	if (!ret)
		ret = run_all(&st);
	run_teardown(&st);
	nfpsim_dev_opts_free(&dopts);
	return ret;
}
