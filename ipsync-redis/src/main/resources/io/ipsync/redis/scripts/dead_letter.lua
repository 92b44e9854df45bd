-- dead_letter: sets a message a consumer holds aside as a dead letter, with the record of why.
-- KEYS[1] the queue's stream, KEYS[2] its schedule (unused), KEYS[3] its dead letters, KEYS[4]
-- the messages taken ahead (see take), which the message leaves
-- ARGV[1] the group, ARGV[2] the consumer, ARGV[3] the message id, ARGV[4] the delivery count it
-- was claimed at, ARGV[5] the reason, ARGV[6] the exception as text ('' for none)
-- When the message is pending, held by the consumer at that delivery count: appends to the dead
-- letters one entry with the fields message-id, reason, exception (if any), attempts (the
-- delivery count), time (ms, server time), consumer, then each field of the message as 'm:' ..
-- name (so 'm:p' is the payload, 'm:h:<name>' a header), then XACK and XDEL the message.
-- Returns {1, dead letter id} when done, else {0, what was found (see acknowledge)}; errors as
-- acknowledge.
local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if pending.err ~= nil and string.sub(pending.err, 1, 7) ~= 'NOGROUP' then
  return redis.error_reply(pending.err .. ' (XPENDING)')
end
if pending.err ~= nil or #pending == 0 then
  return {0, 'not pending'}
end
if pending[1][2] ~= ARGV[2] or pending[1][4] ~= tonumber(ARGV[4]) then
  return {0, 'held by ' .. pending[1][2] .. ' at delivery ' .. pending[1][4]}
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local record = {'message-id', ARGV[3], 'reason', ARGV[5]}
if ARGV[6] ~= '' then
  record[#record + 1] = 'exception'
  record[#record + 1] = ARGV[6]
end
record[#record + 1] = 'attempts'
record[#record + 1] = ARGV[4]
record[#record + 1] = 'time'
record[#record + 1] = tostring(now)
record[#record + 1] = 'consumer'
record[#record + 1] = ARGV[2]
local entry = redis.call('XRANGE', KEYS[1], ARGV[3], ARGV[3])
if #entry == 1 then
  local fields = entry[1][2]
  for i = 1, #fields, 2 do
    record[#record + 1] = 'm:' .. fields[i]
    record[#record + 1] = fields[i + 1]
  end
end
local id = redis.call('XADD', KEYS[3], '*', unpack(record))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('HDEL', KEYS[4], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
return {1, id}
