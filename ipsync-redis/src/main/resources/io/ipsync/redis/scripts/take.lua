-- take: claims messages for one consumer in one step: first those whose retry is due (server
-- time), then, where fewer than wanted are due, new ones (XREADGROUP ... >, without BLOCK: a
-- script never blocks; a consumer that finds nothing waits with its own XREADGROUP BLOCK).
-- KEYS[1] the queue's stream, KEYS[2] its schedule, KEYS[3] its dead letters (unused), KEYS[4]
-- the messages taken ahead, KEYS[5] the server time (ms) of the queue's last sweep, KEYS[6] its
-- delayed messages and KEYS[7] their fields (see put_later.lua): those due are appended to the
-- stream first (XADD *), as new messages, and leave KEYS[6] and KEYS[7]
-- ARGV[1] the group, ARGV[2] the consumer, ARGV[3] the most messages to take, ARGV[4] how many of
-- them go to the consumer's caller at once: the others are taken ahead (HSET KEYS[4] id consumer),
-- so that, should the consumer die before it hands them out, they come back with their attempt not
-- counted (reclaim.lua); a settlement removes a message from there. ARGV[5] '1' when the consumer
-- is due to sweep for abandoned messages: where nothing at all is pending in the group (XPENDING),
-- there is nothing to sweep, and the take records the sweep as reclaim.lua would (SET KEYS[5]).
-- A scheduled message is pending in the group, held by the pseudo-consumer '~scheduled', and a
-- member of the schedule with its due time (ms) as score. Taking it moves it to the consumer with
-- XCLAIM, which counts the delivery. A member whose entry is not held by '~scheduled' (settled
-- meanwhile) leaves the schedule; so does one whose entry is gone from the stream (deleted by
-- hand), and it leaves the group too: XCLAIM drops it from 7.0 on, while before 7.0 it moves it to
-- the consumer and answers nil for it, so it is acknowledged (XACK) here. New messages are read
-- with XREADGROUP GROUP <group> <consumer> COUNT <the rest> STREAMS <stream> >: delivery count 1.
-- Returns {next, swept, {id, delivery count, {field, value, ...}}, ...}, the due messages first,
-- then the new ones in stream order: next is the time in ms until the next scheduled or delayed
-- message is due, or -1 when none is; swept is 1 when the take recorded a sweep, else 0. A stream or group that does not exist (NOGROUP) holds nothing pending,
-- and the answer is then that error (naming XREADGROUP), for the consumer to create the group; any
-- other error (an ACL that denies XPENDING, say) is answered as the error, naming the command,
-- before the member leaves the schedule.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local wanted = tonumber(ARGV[3])
local result = {-1, 0}
if ARGV[5] == '1' then
  local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1])
  if pending.err ~= nil and string.sub(pending.err, 1, 7) ~= 'NOGROUP' then
    return redis.error_reply(pending.err .. ' (XPENDING)')
  end
  if pending.err ~= nil or pending[1] == 0 then
    redis.call('SET', KEYS[5], now)
    result[2] = 1
  end
end
local delayed = redis.call('ZRANGE', KEYS[6], '-inf', now, 'BYSCORE', 'LIMIT', 0, wanted)
for _, token in ipairs(delayed) do
  local packed = redis.call('HGET', KEYS[7], token)
  if packed then
    redis.call('XADD', KEYS[1], '*', unpack(cmsgpack.unpack(packed)))
    redis.call('HDEL', KEYS[7], token)
  end
  redis.call('ZREM', KEYS[6], token)
end
local due = redis.call('ZRANGE', KEYS[2], '-inf', now, 'BYSCORE', 'LIMIT', 0, wanted)
for _, id in ipairs(due) do
  local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  if pending.err ~= nil and string.sub(pending.err, 1, 7) ~= 'NOGROUP' then
    return redis.error_reply(pending.err .. ' (XPENDING)')
  end
  redis.call('ZREM', KEYS[2], id)
  if pending.err == nil and #pending == 1 and pending[1][2] == '~scheduled' then
    local claimed = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id)
    if #claimed == 1 and claimed[1] then
      result[#result + 1] = {id, pending[1][4] + 1, claimed[1][2]}
    elseif #claimed == 1 then
      redis.call('XACK', KEYS[1], ARGV[1], id)
    end
  end
end
for _, key in ipairs({KEYS[2], KEYS[6]}) do
  local following = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if #following == 2 then
    local next = math.max(0, tonumber(following[2]) - now)
    if result[1] < 0 or next < result[1] then
      result[1] = next
    end
  end
end
local function takenAhead()
  for i = tonumber(ARGV[4]) + 3, #result do
    redis.call('HSET', KEYS[4], result[i][1], ARGV[2])
  end
  return result
end
if #result - 2 < wanted then
  local read = redis.pcall('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', wanted - (#result - 2), 'STREAMS', KEYS[1], '>')
  if read and read.err ~= nil then
    if #result > 2 and string.sub(read.err, 1, 7) == 'NOGROUP' then
      return takenAhead()
    end
    return redis.error_reply(read.err .. ' (XREADGROUP)')
  end
  if read then
    for _, entry in ipairs(read[1][2]) do
      result[#result + 1] = {entry[1], 1, entry[2]}
    end
  end
end
return takenAhead()
