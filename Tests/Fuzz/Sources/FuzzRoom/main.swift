import FuzzSupport
import Rooms
import MediaNegotiation
import SDP
import RTP
import RTCP
runFuzzer { _ in }
