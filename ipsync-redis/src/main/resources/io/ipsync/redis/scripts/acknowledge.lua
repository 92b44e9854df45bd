-- acknowledge: removes a handled message for good, if the consumer still holds it.
-- KEYS[1] the queue's stream; optionally KEYS[2] its schedule (unused), KEYS[3] its dead letters
-- (unused), KEYS[4] the messages taken ahead (see take), which the message leaves: a participant
-- that never takes ahead may pass the stream alone
-- ARGV[1] the group, ARGV[2] the consumer, ARGV[3] the message id, ARGV[4] the delivery count it was claimed at,
-- optionally ARGV[5] the id of a message the consumer took ahead and now hands out, which leaves
-- KEYS[4] whatever the answer (see take)
-- When the message is pending, held by the consumer at that delivery count: XACK and XDEL, so the
-- stream keeps no handled message. Otherwise nothing changes.
-- Returns {1} when done, else {0, what was found: 'not pending' or 'held by <consumer> at delivery <n>'}.
-- A stream or group that does not exist (NOGROUP) holds nothing pending; any other error (an ACL
-- that denies XPENDING, say) is answered as the error, naming the command.
if ARGV[5] then
  redis.call('HDEL', KEYS[4], ARGV[5])
end
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
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
if KEYS[4] then
  redis.call('HDEL', KEYS[4], ARGV[3])
end
redis.call('XDEL', KEYS[1], ARGV[3])
return {1}
