global using CloudVm.Emulator.Web;
global using Microsoft.Extensions.Primitives;
