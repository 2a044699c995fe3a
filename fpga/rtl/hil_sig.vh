// hil_sig -- signature helpers: the stimulus LFSR step and a bit-serial CRC-32.
//
//   lfsr_next:  Galois, right shift, taps 0x80200003 (x^32+x^22+x^2+x+1);
//               a zero state is never used (hil_engine maps seed 0 to 1)
//   crc32_bit:  CRC-32/ISO-HDLC (zlib's crc32), reflected: one message bit
//               per call, bytes LSB first; init and final xor 0xFFFFFFFF are
//               applied by the caller
// Included inside a module body; fpga/host/hil_proto.c has the same functions.
function [31:0] hil_lfsr_next;
  input [31:0] s;
  begin
    hil_lfsr_next = (s >> 1) ^ (s[0] ? 32'h80200003 : 32'h0);
  end
endfunction

function [31:0] hil_crc32_bit;
  input [31:0] crc;
  input        b;
  begin
    hil_crc32_bit = (crc >> 1) ^ ((crc[0] ^ b) ? 32'hEDB88320 : 32'h0);
  end
endfunction
