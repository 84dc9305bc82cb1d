package fficlient

import (
	"sync/atomic"

	fficrt "github.com/ffic/ffic/runtime/go"
)

// targets holds what the user_data of every callback and queue item stands
// for. Every async call adds and removes one entry, from as many goroutines
// as there are calls in flight, so the table is split into shards with a
// lock each: with one lock, 64 calls in flight spent most of their time
// waiting for it (2.6 us per call instead of well under one).
var targets shardedTargets

const (
	shardBits = 4
	shards    = 1 << shardBits
	// A shard's slot index must leave room for the shard number in the
	// handle's low 32 bits.
	maxShardSlot = 1 << (32 - shardBits)
)

// shardedTargets is a handle table made of fficrt.Handles shards. A handle
// keeps its shard's 32-bit generation in the high half and holds the
// shard's slot index and the shard number in the low half, so it is
// validated exactly as a shard handle is: never 0, stale handles rejected.
type shardedTargets struct {
	shard [shards]fficrt.Handles[target]
	next  atomic.Uint32
}

// Add stores t in the next shard (round robin) and returns its handle, or
// 0 when the table is full.
func (s *shardedTargets) Add(t target) uint64 {
	i := s.next.Add(1) % shards
	h := s.shard[i].Add(t)
	if h == 0 {
		return 0
	}
	if uint32(h) >= maxShardSlot {
		s.shard[i].Remove(h)
		return 0
	}
	return h&^0xFFFFFFFF | uint64(uint32(h))<<shardBits | uint64(i)
}

// Get returns the target of handle, or false.
func (s *shardedTargets) Get(handle uint64) (target, bool) {
	i, h := split(handle)
	return s.shard[i].Get(h)
}

// Remove deletes handle and returns its target, or false if it was not
// valid; one of several concurrent Removes of a handle succeeds.
func (s *shardedTargets) Remove(handle uint64) (target, bool) {
	i, h := split(handle)
	return s.shard[i].Remove(h)
}

func split(handle uint64) (int, uint64) {
	low := uint32(handle)
	return int(low % shards), handle&^0xFFFFFFFF | uint64(low>>shardBits)
}
