-- give_back: schedules messages a consumer holds for a later attempt (retry) or gives them back
-- unhandled (release, or a consumer closing).
-- KEYS[1] the queue's stream, KEYS[2] its schedule, KEYS[3] its dead letters (unused), KEYS[4]
-- the messages taken ahead (see take), which every message given back leaves
-- ARGV[1] the group, ARGV[2] the consumer, ARGV[3] the delay in ms (0: due at once),
-- ARGV[4] '1' when this delivery counts as an attempt, '0' when not (release),
-- then pairs: message id, delivery count it was claimed at
-- Each message pending, held by the consumer at that delivery count, goes to the pseudo-consumer
-- '~scheduled' (XCLAIM ... 0 id RETRYCOUNT n JUSTID: n is the delivery count, less one when the
-- attempt does not count) and into the schedule at server time + delay (ZADD). The next consumer
-- to take it counts one more delivery. Any other message is left alone.
-- Returns one element per pair: 1 when given back, else what was found (see acknowledge); errors
-- as acknowledge (the messages before the one that failed are given back).
local clock = redis.call('TIME')
local due = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) + tonumber(ARGV[3])
local counts = ARGV[4] == '1'
local results = {}
for i = 5, #ARGV, 2 do
  local id = ARGV[i]
  local delivery = tonumber(ARGV[i + 1])
  local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  if pending.err ~= nil and string.sub(pending.err, 1, 7) ~= 'NOGROUP' then
    return redis.error_reply(pending.err .. ' (XPENDING)')
  end
  if pending.err ~= nil or #pending == 0 then
    results[#results + 1] = 'not pending'
  elseif pending[1][2] ~= ARGV[2] or pending[1][4] ~= delivery then
    results[#results + 1] = 'held by ' .. pending[1][2] .. ' at delivery ' .. pending[1][4]
  else
    local retries = delivery
    if not counts then
      retries = delivery - 1
    end
    local moved = redis.call('XCLAIM', KEYS[1], ARGV[1], '~scheduled', 0, id, 'RETRYCOUNT', retries, 'JUSTID')
    if #moved == 1 then
      redis.call('ZADD', KEYS[2], due, id)
      redis.call('HDEL', KEYS[4], id)
      results[#results + 1] = 1
    else
      results[#results + 1] = 'deleted from the stream'
    end
  end
end
return results
