/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim: private header of the kernel glue.
 *
 * Object model (matches netdevsim's, see drivers/net/netdevsim/):
 *   struct nfpsim_dev   one bus device "nfpsimN" = one simulated NIC (ASIC)
 *   struct nfpsim_port  one port = one net_device (netdev_priv)
 *   struct nfpsim_rq    one RX queue of a port, with its NAPI context
 *
 * Lock order: nfpsim_devs_lock (bus list) -> nfpsim_dev.lock (ports) -> RTNL.
 * A port's peer pointer is written under RTNL and read under RCU-bh by the
 * xmit path.
 */
#ifndef NFPSIM_H
#define NFPSIM_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <net/xdp.h>

#include "nfps.h"

#define DRV_NAME		"nfpsim"

#define NFPSIM_MAX_ID		INT_MAX
#define NFPSIM_MAX_PORTS	256	/* ports per device */
#define NFPSIM_MAX_QUEUES	64	/* RX and TX queues per port */
#define NFPSIM_MAX_MTU		9000	/* frames must fit the NIC's packet buffer */
#define NFPSIM_RQ_LEN		1024	/* frames waiting per RX queue */
#define NFPSIM_XDP_MAX_MTU	3500	/* driver-mode XDP: frame + headroom in a page */
#define NFPSIM_MEM_DEFAULT	(64ULL << 20)	/* device memory (EMEM) for maps */

/* User-facing errors through extack get the module prefix, "nfpsim: ". */
#define NFPSIM_EA(extack, msg)	NL_SET_ERR_MSG_MOD((extack), msg)

struct dentry;
struct net;

/**
 * struct nfpsim_dev - one simulated NIC on the nfpsim bus
 * @dev: the bus device, "nfpsimN"; N is @dev.id
 * @list: entry in the bus's device list (nfpsim_devs_lock)
 * @lock: serialises port add/del and @dead
 * @ports: struct nfpsim_port list, by index
 * @net: namespace the ports are created in (the writer's of new_device)
 * @num_queues: RX/TX queues of each port
 * @dead: set once deletion started; port adds fail with -ENODEV
 * @ddir: debugfs nfpsim/nfpsimN
 * @ports_ddir: debugfs nfpsim/nfpsimN/ports
 * @bpf_dev: the offload device ("ASIC") every port registers with
 * @progs_lock: protects @bpf_bound_progs, @bpf_bound_maps and @prog_id_gen
 * @bpf_bound_progs: struct nfpsim_bpf_prog, one per program bound to us
 * @bpf_bound_maps: struct nfpsim_bpf_map, one per map offloaded to us
 * @prog_id_gen: name of the next bpf_bound_progs/ entry (netdevsim's scheme)
 * @bpf_bound_progs_ddir: debugfs nfpsimN/bpf_bound_progs
 * @bpf_bind_accept: netdevsim knob: N fails every load in prepare
 * @bpf_bind_verifier_accept: netdevsim knob: N fails verification at the
 *	last instruction
 * @bpf_bind_verifier_delay: netdevsim knob: ms to sleep at instruction 0
 * @code_store: microcode words a program may use (NIC code store size)
 * @cycle_budget: per-packet watchdog of the microengine, cycles
 * @mem: device memory budget shared by this NIC's maps
 */
struct nfpsim_dev {
	struct device dev;
	struct list_head list;
	struct mutex lock;
	struct list_head ports;
	struct net *net;
	unsigned int num_queues;
	bool dead;
	struct dentry *ddir;
	struct dentry *ports_ddir;

	struct bpf_offload_dev *bpf_dev;
	struct mutex progs_lock;
	struct list_head bpf_bound_progs;
	struct list_head bpf_bound_maps;
	u32 prog_id_gen;
	struct dentry *bpf_bound_progs_ddir;
	bool bpf_bind_accept;
	bool bpf_bind_verifier_accept;
	u32 bpf_bind_verifier_delay;
	u32 code_store;
	u32 cycle_budget;
	struct nfps_mem mem;
};

/**
 * struct nfpsim_queue_stats - counters of one TX queue
 * @syncp: protects the counters for 32-bit readers
 * @packets: frames put on the wire
 * @bytes: their bytes
 * @drops: frames sent while the port was not linked, or not copied
 */
struct nfpsim_queue_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 drops;
};

/* Receive counters of one queue; NAPI is their only writer. */
enum nfpsim_rxs {
	NFPSIM_RXS_PACKETS,	/* delivered to the stack */
	NFPSIM_RXS_BYTES,
	NFPSIM_RXS_NIC_RUNS,	/* frames the NIC ran a program on */
	NFPSIM_RXS_NIC_CYCLES,
	NFPSIM_RXS_NIC_FAULTS,	/* hardware faults (also counted as aborted/shot) */
	NFPSIM_RXS_XDP_ABORTED,	/* XDP offload verdicts: they add up to nic runs */
	NFPSIM_RXS_XDP_DROP,	/* of XDP programs */
	NFPSIM_RXS_XDP_PASS,
	NFPSIM_RXS_XDP_TX,
	NFPSIM_RXS_TC_OK,	/* tc offload verdicts */
	NFPSIM_RXS_TC_SHOT,
	NFPSIM_RXS_TC_STOLEN,
	NFPSIM_RXS_TC_BYTES,	/* bytes the offloaded filter ran on */
	NFPSIM_RXS_DRV_ABORTED,	/* driver-mode XDP (host CPU) verdicts */
	NFPSIM_RXS_DRV_DROP,
	NFPSIM_RXS_DRV_PASS,
	NFPSIM_RXS_DRV_TX,
	NFPSIM_RXS_MAX
};

/**
 * struct nfpsim_rq - one receive queue of a port
 * @napi: polls @skbs
 * @skbs: frames transmitted by the peer, not yet received (bounded)
 * @port: owner
 * @syncp: protects @stats for 32-bit readers
 * @stats: enum nfpsim_rxs counters
 * @drops: frames refused at enqueue (queue full, port down); senders on
 *	   several CPUs race here, hence atomic rather than u64_stats
 * @nic: the microengine context this queue's frames run in
 * @xdp_rxq: driver-mode XDP queue info
 * @xdp_page: driver-mode XDP frame buffer (frames are copied in)
 */
struct nfpsim_rq {
	struct napi_struct napi;
	struct sk_buff_head skbs;
	struct nfpsim_port *port;
	struct u64_stats_sync syncp;
	u64 stats[NFPSIM_RXS_MAX];
	atomic64_t drops;
	struct nfps_cpu *nic;
	struct xdp_rxq_info xdp_rxq;
	struct page *xdp_page;
};

/**
 * enum nfpsim_cap_dir - the two capture rings of a port
 * @NFPSIM_CAP_RX: frames as they came from the wire, before the NIC
 * @NFPSIM_CAP_OUT: frames a program passed or transmitted, as it left them
 * @NFPSIM_CAP_NR: number of rings
 */
enum nfpsim_cap_dir {
	NFPSIM_CAP_RX,
	NFPSIM_CAP_OUT,
	NFPSIM_CAP_NR
};

/**
 * struct nfpsim_cap_src - what one pcap file of a port shows (its i_private)
 * @port: the port
 * @dir: which of its rings
 * @dentry: the file, in debugfs nfpsim/capture/
 */
struct nfpsim_cap_src {
	struct nfpsim_port *port;
	enum nfpsim_cap_dir dir;
	struct dentry *dentry;
};

/**
 * struct nfpsim_port - one port of a device; netdev_priv() of its netdev
 * @netdev: the port's net_device
 * @ndev: owning device
 * @list: entry in @ndev->ports
 * @index: port index within the device
 * @peer: linked port (RTNL to write, RCU-bh to read) or NULL
 * @dying: set under RTNL before unregistering; blocks new links
 * @ddir: debugfs nfpsim/nfpsimN/ports/P
 * @rqs: @netdev->num_rx_queues receive queues
 * @tx_stats: per TX queue counters, written under that queue's xmit lock
 *	      (drops: frames sent while unlinked)
 * @bpf_offloaded: the NIC's program slot, shared by tc and XDP offload as
 *		   on netdevsim (RTNL)
 * @bpf_offloaded_id: its id, for debugfs
 * @xdp: driver-mode XDP attachment
 * @xdp_hw: XDP offload attachment
 * @bpf_tc_accept: netdevsim knob: N refuses tc offload
 * @bpf_tc_non_bound_accept: netdevsim knob: Y takes unbound tc filters into
 *			     the slot (the stack still runs them)
 * @bpf_xdpdrv_accept: netdevsim knob: N refuses driver-mode XDP
 * @bpf_xdpoffload_accept: netdevsim knob: N refuses XDP offload
 * @bpf_map_accept: netdevsim knob: N refuses offloaded maps
 * @dp_hw: the program the NIC runs on received frames (RCU), set when the
 *	   offload slot holds a program translated for this NIC
 * @dp_drv: the driver-mode XDP program (RCU)
 * @tc_reported: hardware stats of the tc filter in the slot already
 *		 reported to tc, or counted before it came (slot.c)
 * @tc_reported.pkts: packets
 * @tc_reported.bytes: bytes
 * @capture: frame capture rings, NULL when not capturing (@capture_lock to
 *	     swap, RCU to read)
 * @capture_lock: serialises swapping @capture with snapshots of it
 * @capture_size: frames each ring keeps
 * @cap_src: its pcap files, by enum nfpsim_cap_dir
 */
struct nfpsim_port {
	struct net_device *netdev;
	struct nfpsim_dev *ndev;
	struct list_head list;
	unsigned int index;
	struct nfpsim_port __rcu *peer;
	bool dying;
	struct dentry *ddir;
	struct nfpsim_rq *rqs;
	struct nfpsim_queue_stats *tx_stats;

	struct bpf_prog *bpf_offloaded;
	u32 bpf_offloaded_id;
	struct xdp_attachment_info xdp;
	struct xdp_attachment_info xdp_hw;
	bool bpf_tc_accept;
	bool bpf_tc_non_bound_accept;
	bool bpf_xdpdrv_accept;
	bool bpf_xdpoffload_accept;
	bool bpf_map_accept;

	struct bpf_prog __rcu *dp_hw;
	struct bpf_prog __rcu *dp_drv;
	struct {
		u64 pkts;
		u64 bytes;
	} tc_reported;
	struct nfpsim_capture __rcu *capture;
	struct mutex capture_lock;
	u32 capture_size;
	struct nfpsim_cap_src cap_src[NFPSIM_CAP_NR];
};

#define NFPSIM_HIST_BUCKETS	24	/* log2 of cycles per packet */
#define NFPSIM_RETVALS		9	/* return values counted one by one */

/**
 * struct nfpsim_prog_stats - what the NIC did with one program (per CPU)
 * @runs: packets it ran on
 * @cycles: cycles spent, in total
 * @max_cycles: the most one packet took
 * @faults: runs aborted by a hardware fault
 * @retvals: runs per return value (last bucket: anything larger)
 * @hist: runs per log2(cycles) bucket
 */
struct nfpsim_prog_stats {
	u64 runs;
	u64 cycles;
	u64 max_cycles;
	u64 faults;
	u64 retvals[NFPSIM_RETVALS];
	u64 hist[NFPSIM_HIST_BUCKETS];
};

/**
 * enum nfpsim_prog_state - how far a bound program got towards the NIC
 * @NFPSIM_PROG_VERIFY: the verifier is checking it, or translate() failed
 * @NFPSIM_PROG_XLATED: translated, with its image and profile: the NIC can
 *	run it (nfpsim_bpf_prog_translated())
 *
 * The debugfs "state" file prints netdevsim's names for them (bpf_dbgfs.c).
 */
enum nfpsim_prog_state {
	NFPSIM_PROG_VERIFY,
	NFPSIM_PROG_XLATED,
};

/**
 * struct nfpsim_bpf_prog - driver state of one bound program
 * @ndev: the NIC it is bound to
 * @prog: the kernel's program
 * @ddir: debugfs bpf_bound_progs/<seq>
 * @state: enum nfpsim_prog_state
 * @is_loaded: in some port's offload slot
 * @list: entry in @ndev->bpf_bound_progs
 * @type: NFPS_PROG_XDP or NFPS_PROG_TC
 * @insns: copy of the instructions, map references as indices of @maps,
 *	   verifier optimisations mirrored
 * @maps: the maps the program references, in order of first use
 * @nr_maps: entries in @maps
 * @facts: per-instruction facts from the verifier's register state
 * @len: instructions in @insns and @facts
 * @nprog: the translated program (finalize, then translate)
 * @mismatches: instructions where the portable analysis disagrees with
 *		the verifier (the verifier's facts are used)
 * @greeted: the "[nfpsim] " line every verified program gets is written
 * @stats: per-CPU run statistics, written by the datapath
 * @profile: execution count of each microcode word, one row per CPU
 * @profile_words: row length
 * @modified: the verifier's dead-code work changed @insns since finalize
 */
struct nfpsim_bpf_prog {
	struct nfpsim_dev *ndev;
	struct bpf_prog *prog;
	struct dentry *ddir;
	enum nfpsim_prog_state state;
	bool is_loaded;
	struct list_head list;

	enum nfps_prog_type type;
	struct bpf_insn *insns;
	struct bpf_map **maps;
	u32 nr_maps;
	struct nfps_insn_fact *facts;
	u32 len;
	struct nfps_prog *nprog;
	u32 mismatches;
	bool greeted;
	struct nfpsim_prog_stats __percpu *stats;
	u64 *profile;
	u32 profile_words;
	bool modified;
};

/**
 * nfpsim_bpf_profile() - one CPU's row of a program's profile
 * @state: the program
 * @cpu: the CPU; the datapath runs with BH off, so its own row is private
 *
 * Return: @state->profile_words execution counts, one per microcode word.
 */
static inline u64 *nfpsim_bpf_profile(struct nfpsim_bpf_prog *state, int cpu)
{
	return state->profile + (size_t)cpu * state->profile_words;
}

static inline struct nfpsim_dev *to_nfpsim_dev(struct device *dev)
{
	return container_of(dev, struct nfpsim_dev, dev);
}

/* main.c */
extern struct dentry *nfpsim_ddir;
extern struct dentry *nfpsim_cap_ddir;

/* parse.c */
int nfpsim_parse_uints(const char *buf, size_t count, unsigned int *vals,
		       unsigned int min_n, unsigned int max_n);

/* bus.c */
struct bus_type *nfpsim_bus_type(void);
int nfpsim_bus_init(void);
void nfpsim_bus_exit(void);

/* dev.c */
struct nfpsim_dev *nfpsim_dev_create(unsigned int id, unsigned int nports,
				     unsigned int nqueues);
void nfpsim_dev_destroy(struct nfpsim_dev *ndev);
int nfpsim_dev_port_add(struct nfpsim_dev *ndev, unsigned int index);
int nfpsim_dev_port_del(struct nfpsim_dev *ndev, unsigned int index);
extern const struct attribute_group *nfpsim_dev_groups[];
void nfpsim_port_debugfs_init(struct nfpsim_port *port);

/* netdev.c */
struct nfpsim_port *nfpsim_port_create(struct nfpsim_dev *ndev, unsigned int index);
void nfpsim_port_destroy(struct nfpsim_port *port);
bool nfpsim_netdev_is_ours(const struct net_device *netdev);

/* link.c */
extern struct bus_attribute bus_attr_link_device;
extern struct bus_attribute bus_attr_unlink_device;
void nfpsim_link_update_carrier(struct nfpsim_port *port);
void nfpsim_unlink_locked(struct nfpsim_port *port);

/* wire.c: transmit, onto the peer's RX queues */
netdev_tx_t nfpsim_start_xmit(struct sk_buff *skb, struct net_device *netdev);
void nfpsim_wire_bounce(struct nfpsim_port *port, struct sk_buff *skb);

/* rx.c: NAPI receive, the NIC's and driver-mode XDP runs, verdicts */
int nfpsim_rx_init(struct nfpsim_port *port);
void nfpsim_rx_fini(struct nfpsim_port *port);
void nfpsim_rx_open(struct nfpsim_port *port);
void nfpsim_rx_stop(struct nfpsim_port *port);
void nfpsim_rx_stats_read(struct nfpsim_rq *rq, u64 *vals);

/* offload.c: the prog offload ops (verifier hooks, translation), bound programs */
int nfpsim_bpf_dev_init(struct nfpsim_dev *ndev);
void nfpsim_bpf_dev_exit(struct nfpsim_dev *ndev);
void nfpsim_bpf_prog_set_loaded(struct bpf_prog *prog, bool loaded);
bool nfpsim_bpf_prog_translated(struct bpf_prog *prog);
struct nfpsim_bpf_prog *nfpsim_bpf_nic_prog(struct bpf_prog *prog);

/* bpf_dbgfs.c: debugfs of bound programs and of the device's offload knobs */
void nfpsim_bpf_prog_debugfs_init(struct nfpsim_bpf_prog *state, u32 seq);
void nfpsim_bpf_dev_debugfs_init(struct nfpsim_dev *ndev);

/* slot.c: the port's offload state and the slot XDP offload and tc share */
int nfpsim_bpf_port_init(struct nfpsim_port *port);
void nfpsim_bpf_port_uninit(struct nfpsim_port *port);
int nfpsim_slot_set(struct nfpsim_port *port, struct bpf_prog *prog, bool oldprog);
bool nfpsim_slot_has_tc(const struct nfpsim_port *port);
void nfpsim_slot_tc_stats(struct nfpsim_port *port, u64 *pkts, u64 *bytes);

/* xdp.c: ndo_bpf */
int nfpsim_ndo_bpf(struct net_device *netdev, struct netdev_bpf *bpf);

/* tc.c: cls_bpf offload */
int nfpsim_setup_tc(struct net_device *netdev, enum tc_setup_type type, void *type_data);
int nfpsim_set_features(struct net_device *netdev, netdev_features_t features);

/* bpf_map.c: maps offloaded into the NIC's map engine */
int nfpsim_bpf_map_alloc(struct nfpsim_port *port, struct bpf_offloaded_map *offmap);
void nfpsim_bpf_map_free(struct bpf_offloaded_map *offmap);
struct nfps_map *nfpsim_bpf_map_engine(struct nfpsim_dev *ndev, struct bpf_map *map);

/* capture.c: frames before and after the NIC's program, as pcap */
void nfpsim_capture(struct nfpsim_port *port, enum nfpsim_cap_dir dir, const void *data,
		    u32 len);
void nfpsim_capture_init(struct nfpsim_port *port);
void nfpsim_capture_fini(struct nfpsim_port *port);

/* ethtool.c */
extern const struct ethtool_ops nfpsim_ethtool_ops;

/**
 * nfpsim_stats_read() - a consistent copy of one TX queue's counters
 * @qs: the queue's counters
 * @packets: out: frames put on the wire
 * @bytes: out: their bytes
 * @drops: out: frames dropped
 *
 * The xmit path adds (nfpsim_stats_add()); get_stats64 and ethtool read.
 */
static inline void nfpsim_stats_read(struct nfpsim_queue_stats *qs, u64 *packets, u64 *bytes,
				     u64 *drops)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&qs->syncp);
		*packets = qs->packets;
		*bytes = qs->bytes;
		*drops = qs->drops;
	} while (u64_stats_fetch_retry(&qs->syncp, start));
}

/**
 * nfpsim_stats_add() - count on one TX queue, under its xmit lock
 * @qs: the queue's counters
 * @packets: frames put on the wire
 * @bytes: their bytes
 * @drops: frames dropped
 */
static inline void nfpsim_stats_add(struct nfpsim_queue_stats *qs, u64 packets, u64 bytes,
				    u64 drops)
{
	u64_stats_update_begin(&qs->syncp);
	qs->packets += packets;
	qs->bytes += bytes;
	qs->drops += drops;
	u64_stats_update_end(&qs->syncp);
}

#endif /* NFPSIM_H */
