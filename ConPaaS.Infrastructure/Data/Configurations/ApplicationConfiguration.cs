using ConPaaS.Domain;
using ConPaaS.Domain.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(Names.MaxLength).IsRequired();
        builder.Property(a => a.OwnerId).HasMaxLength(450).IsRequired();
        // Names are unique per owner, as a user tells applications apart by name in the CLI.
        builder.HasIndex(a => new { a.OwnerId, a.Name }).IsUnique();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Services).WithOne().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}
