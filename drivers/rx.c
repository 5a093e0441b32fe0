// SPDX-License-Identifier: GPL-2.0
/*
 * The wire and the receive side: a frame transmitted on a port is queued on
 * one RX queue of its peer (chosen by flow hash) and received there by NAPI.
 *
 * Frames from the stack may be shared (pktgen holds extra references for
 * bursts) or cloned (taps): those are copied, never modified in place. On
 * Debian's 6.1, expanding a shared skb panics in pskb_expand_head.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "nfpsim.h"

/* Make @skb ours to modify and queue: private, linear. NULL if out of memory. */
static struct sk_buff *nfpsim_skb_own(struct sk_buff *skb)
{
	struct sk_buff *nskb;

	if (skb_shared(skb) || skb_cloned(skb)) {
		nskb = skb_copy(skb, GFP_ATOMIC);
		consume_skb(skb);
		return nskb;
	}
	if (skb_linearize(skb)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

static void nfpsim_rx_enqueue(struct nfpsim_port *port, struct nfpsim_port *peer,
			      struct sk_buff *skb)
{
	struct net_device *pdev = peer->netdev;
	struct nfpsim_rq *rq;
	unsigned long flags;
	bool queued = false;
	u32 q;

	q = reciprocal_scale(skb_get_hash(skb), pdev->real_num_rx_queues);
	rq = &peer->rqs[q];

	if (unlikely(!netif_running(pdev) ||
		     skb->len > pdev->mtu + VLAN_ETH_HLEN)) {
		atomic64_inc(&rq->drops);
		kfree_skb(skb);
		return;
	}
	skb_scrub_packet(skb, !net_eq(dev_net(port->netdev), dev_net(pdev)));
	skb->priority = 0;

	spin_lock_irqsave(&rq->skbs.lock, flags);
	if (skb_queue_len(&rq->skbs) < NFPSIM_RQ_LEN) {
		__skb_queue_tail(&rq->skbs, skb);
		queued = true;
	}
	spin_unlock_irqrestore(&rq->skbs.lock, flags);

	if (!queued) {
		atomic64_inc(&rq->drops);
		kfree_skb(skb);
		return;
	}
	napi_schedule(&rq->napi);
}

/**
 * nfpsim_start_xmit() - put a frame on the wire
 * @skb: the frame
 * @netdev: the transmitting port
 *
 * Counted as transmitted when the port is linked (whatever the peer does
 * with it, as on a real wire), as a TX drop when it is not.
 */
netdev_tx_t nfpsim_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct nfpsim_port *port = netdev_priv(netdev), *peer;
	struct nfpsim_queue_stats *ts = &port->tx_stats[skb_get_queue_mapping(skb)];
	unsigned int len = skb->len;

	rcu_read_lock();
	peer = rcu_dereference(port->peer);
	if (unlikely(!peer)) {
		rcu_read_unlock();
		nfpsim_stats_add(ts, 0, 0, 1);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	skb = nfpsim_skb_own(skb);
	if (likely(skb))
		nfpsim_rx_enqueue(port, peer, skb);
	rcu_read_unlock();

	if (skb)
		nfpsim_stats_add(ts, 1, len, 0);
	else
		nfpsim_stats_add(ts, 0, 0, 1);
	return NETDEV_TX_OK;
}

static void nfpsim_rx_deliver(struct nfpsim_rq *rq, struct sk_buff *skb)
{
	struct net_device *netdev = rq->port->netdev;

	skb->dev = netdev;
	skb_record_rx_queue(skb, rq - rq->port->rqs);
	skb->protocol = eth_type_trans(skb, netdev);
	napi_gro_receive(&rq->napi, skb);
}

static int nfpsim_poll(struct napi_struct *napi, int budget)
{
	struct nfpsim_rq *rq = container_of(napi, struct nfpsim_rq, napi);
	u64 bytes = 0;
	int done = 0;

	while (done < budget) {
		struct sk_buff *skb = skb_dequeue(&rq->skbs);

		if (!skb)
			break;
		bytes += skb->len;
		nfpsim_rx_deliver(rq, skb);
		done++;
	}
	if (done)
		nfpsim_stats_add(&rq->stats, done, bytes, 0);

	/* A sender may have queued after our last dequeue but before we
	 * complete, while its napi_schedule() still saw us scheduled.
	 */
	if (done < budget && napi_complete_done(napi, done) &&
	    !skb_queue_empty_lockless(&rq->skbs))
		napi_schedule(napi);
	return done;
}

int nfpsim_rx_init(struct nfpsim_port *port)
{
	struct net_device *netdev = port->netdev;
	unsigned int i;

	port->rqs = kcalloc(netdev->num_rx_queues, sizeof(*port->rqs), GFP_KERNEL);
	port->tx_stats = kcalloc(netdev->num_tx_queues, sizeof(*port->tx_stats), GFP_KERNEL);
	if (!port->rqs || !port->tx_stats) {
		kfree(port->rqs);
		kfree(port->tx_stats);
		return -ENOMEM;
	}
	for (i = 0; i < netdev->num_rx_queues; i++) {
		struct nfpsim_rq *rq = &port->rqs[i];

		rq->port = port;
		skb_queue_head_init(&rq->skbs);
		u64_stats_init(&rq->stats.syncp);
		netif_napi_add(netdev, &rq->napi, nfpsim_poll);
	}
	for (i = 0; i < netdev->num_tx_queues; i++)
		u64_stats_init(&port->tx_stats[i].syncp);
	return 0;
}

/* After unregister: nobody can queue to us any more. */
void nfpsim_rx_fini(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++) {
		netif_napi_del(&port->rqs[i].napi);
		skb_queue_purge(&port->rqs[i].skbs);
	}
	kfree(port->rqs);
	kfree(port->tx_stats);
}

void nfpsim_rx_open(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++)
		napi_enable(&port->rqs[i].napi);
}

void nfpsim_rx_stop(struct nfpsim_port *port)
{
	unsigned int i;

	for (i = 0; i < port->netdev->num_rx_queues; i++) {
		napi_disable(&port->rqs[i].napi);
		skb_queue_purge(&port->rqs[i].skbs);
	}
}
