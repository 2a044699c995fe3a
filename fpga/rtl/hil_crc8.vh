// hil_crc8.vh -- CRC-8/SMBUS (poly x^8+x^2+x+1 = 0x07, init 0x00, MSB first,
// no reflection, no final xor; check value of "123456789" = 0xF4). Included
// inside a module body by hil_frame_rx and hil_frame_tx; fpga/host/hil_proto.c
// computes the same function.
function [7:0] hil_crc8;
  input [7:0] crc;
  input [7:0] data;
  integer k;
  reg [7:0] c;
  begin
    c = crc ^ data;
    for (k = 0; k < 8; k = k + 1)
      c = c[7] ? ((c << 1) ^ 8'h07) : (c << 1);
    hil_crc8 = c;
  end
endfunction
