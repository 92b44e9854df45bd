-- stats: the counters of a queue, read in one step.
-- KEYS[1] the queue's stream, KEYS[2] its schedule, KEYS[3] its dead letters, KEYS[4] the messages
-- taken ahead, KEYS[5] the time of its last sweep (unused), KEYS[6] its delayed messages
-- ARGV[1] the group
-- Returns {entries in the stream, pending in the group, of them held by '~scheduled',
-- dead letters, id of the oldest waiting entry or '', server time in ms, of the pending ones taken
-- ahead, of the scheduled ones those due now, delayed messages, of them those due now}. Waiting messages are the entries not pending
-- (handled ones are deleted), those a consumer took ahead but handed to no handler yet (see
-- take), and the scheduled ones that are due (given back unhandled, or whose back-off passed); in
-- flight, the other pending ones not held by '~scheduled'. The oldest waiting entry is the oldest
-- not yet delivered to the group or taken ahead. A stream that does not exist counts nothing; any other error
-- (an ACL that denies XINFO, say) is answered as the error, naming the command.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local length = redis.call('XLEN', KEYS[1])
local dead = redis.call('XLEN', KEYS[3])
local pending, scheduled = 0, 0
local after = '-'
local groups = redis.pcall('XINFO', 'GROUPS', KEYS[1])
if groups.err ~= nil and groups.err ~= 'ERR no such key' then
  return redis.error_reply(groups.err .. ' (XINFO GROUPS)')
end
if groups.err == nil then
  for _, group in ipairs(groups) do
    local info = {}
    for i = 1, #group, 2 do
      info[group[i]] = group[i + 1]
    end
    if info['name'] == ARGV[1] then
      after = '(' .. info['last-delivered-id']
      local summary = redis.call('XPENDING', KEYS[1], ARGV[1])
      pending = summary[1]
      if summary[4] then
        for _, holder in ipairs(summary[4]) do
          if holder[1] == '~scheduled' then
            scheduled = tonumber(holder[2])
          end
        end
      end
    end
  end
end
local oldest = ''
local first = redis.call('XRANGE', KEYS[1], after, '+', 'COUNT', 1)
if #first == 1 then
  oldest = first[1][1]
end
local function older(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  return tonumber(am) < tonumber(bm) or (tonumber(am) == tonumber(bm) and tonumber(as) < tonumber(bs))
end
local ahead = redis.call('HKEYS', KEYS[4])
for _, id in ipairs(ahead) do
  if oldest == '' or older(id, oldest) then
    oldest = id
  end
end
return {length, pending, scheduled, dead, oldest, now, #ahead, redis.call('ZCOUNT', KEYS[2], '-inf', now),
  redis.call('ZCOUNT', KEYS[6], '-inf', '+inf'), redis.call('ZCOUNT', KEYS[6], '-inf', now)}
