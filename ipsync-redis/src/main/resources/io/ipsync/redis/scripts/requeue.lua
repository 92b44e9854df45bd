-- requeue: puts a dead letter back into its queue as a new message, in one step.
-- KEYS[1] the queue's stream, KEYS[2] its schedule (unused), KEYS[3] its dead letters
-- ARGV[1] the dead letter's id
-- The message's fields (those of the dead letter named 'm:<field>') are appended to the stream as
-- a new entry (XADD *), so it waits as a first attempt, and the dead letter is deleted (XDEL).
-- Its expiry (the header ipsync-expires) is left behind: it would set the message aside again.
-- Returns {1, new message id}; {0} when there is no such dead letter; {-1} when it kept no field
-- of the message (it was deleted from the stream before it was set aside) and stays.
local entry = redis.call('XRANGE', KEYS[3], ARGV[1], ARGV[1])
if #entry == 0 then
  return {0}
end
local fields = entry[1][2]
local message = {}
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 'm:' and fields[i] ~= 'm:h:ipsync-expires' then
    message[#message + 1] = string.sub(fields[i], 3)
    message[#message + 1] = fields[i + 1]
  end
end
if #message == 0 then
  return {-1}
end
local id = redis.call('XADD', KEYS[1], '*', unpack(message))
redis.call('XDEL', KEYS[3], ARGV[1])
return {1, id}
