-- take_due: claims, for one consumer, the messages whose retry is due (server time).
-- KEYS[1] the queue's stream, KEYS[2] its schedule, KEYS[3] its dead letters (unused)
-- ARGV[1] the group, ARGV[2] the consumer, ARGV[3] the most messages to take
-- A scheduled message is pending in the group, held by the pseudo-consumer '~scheduled', and a
-- member of the schedule with its due time (ms) as score. Taking it moves it to the consumer with
-- XCLAIM, which counts the delivery. A member whose entry is not held by '~scheduled' (settled
-- meanwhile) leaves the schedule; so does one whose entry is gone from the stream (deleted by
-- hand), and it leaves the group too: XCLAIM drops it from 7.0 on, while before 7.0 it moves it to
-- the consumer and answers nil for it, so it is acknowledged (XACK) here.
-- Returns {next, {id, delivery count, {field, value, ...}}, ...}: next is the time in ms until the
-- next scheduled message is due, or -1 when none is scheduled. A stream or group that does not
-- exist (NOGROUP) holds nothing pending; any other error (an ACL that denies XPENDING, say) is
-- answered as the error, naming the command, before the member leaves the schedule.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local result = {-1}
local due = redis.call('ZRANGE', KEYS[2], '-inf', now, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[3]))
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
local following = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if #following == 2 then
  result[1] = math.max(0, tonumber(following[2]) - now)
end
return result
